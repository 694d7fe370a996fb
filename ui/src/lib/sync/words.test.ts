import { describe, expect, it } from "vitest";
import { patterns, reportSummary } from "./words";

describe("a sync in words", () => {
  it("reads globs split by commas and lines", () => {
    expect(patterns(" *.tmp, node_modules\n.git/ ,, ")).toEqual(["*.tmp", "node_modules", ".git/"]);
  });

  it("says what went, and why extras stayed", () => {
    const done = { done: 3, failed: 0, stopped: 0, deleted: 2, failures: [], deletes_skipped: 0 };
    expect(reportSummary(done)).toBe("Sync done: 3 files sent, 2 deleted.");
    const failed = { ...done, done: 2, failed: 1, deleted: 0, deletes_skipped: 2 };
    expect(reportSummary(failed)).toBe("Sync done: 2 files sent, 1 failed (see the transfers panel), 2 extras were not deleted, as not everything was sent.");
  });
});
