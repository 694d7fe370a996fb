import { describe, expect, it } from "vitest";
import { copyItems, normaliseFolder } from "./copy-targets";
import { toRows } from "./rows";

const rows = toRows("docs/", ["docs/old/"], [
  { key: "docs/a b.txt", size: 1, last_modified_ms: null, storage_class: null },
]);

describe("copy targets", () => {
  it("normalises the destination folder", () => {
    expect(normaliseFolder("")).toBe("");
    expect(normaliseFolder("/")).toBe("");
    expect(normaliseFolder(" /archive/2024 ")).toBe("archive/2024/");
    expect(normaliseFolder("archive//")).toBe("archive/");
  });

  it("keeps names when copying into a folder", () => {
    expect(copyItems(rows, "archive", null)).toEqual([
      { source: "docs/old/", target: "archive/old/" },
      { source: "docs/a b.txt", target: "archive/a b.txt" },
    ]);
  });

  it("renames a single object or folder", () => {
    expect(copyItems([rows[1]], "docs/", "b.txt")).toEqual([{ source: "docs/a b.txt", target: "docs/b.txt" }]);
    expect(copyItems([rows[0]], "docs/", "older")).toEqual([{ source: "docs/old/", target: "docs/older/" }]);
  });
});
