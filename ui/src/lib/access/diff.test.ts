import { describe, expect, it } from "vitest";
import { diffLines } from "./diff";

describe("policy diff", () => {
  it("shows removed and added lines around what stays", () => {
    expect(diffLines("a\nb\nc", "a\nx\nc")).toEqual([
      { kind: "same", text: "a" },
      { kind: "removed", text: "b" },
      { kind: "added", text: "x" },
      { kind: "same", text: "c" },
    ]);
    expect(diffLines("", "{}")).toEqual([{ kind: "added", text: "{}" }]);
    expect(diffLines("{}", "")).toEqual([{ kind: "removed", text: "{}" }]);
  });
});
