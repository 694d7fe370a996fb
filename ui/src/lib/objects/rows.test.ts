import { describe, expect, it } from "vitest";
import { crumbs, filterRows, formatSize, parentOf, sortRows, toRows, toVersionRows } from "./rows";

const rows = toRows(
  "photos/",
  ["photos/2024/", "photos/2023/"],
  [
    { key: "photos/", size: 0, last_modified_ms: 1, storage_class: "STANDARD" },
    { key: "photos/img10.jpg", size: 300, last_modified_ms: 3, storage_class: "STANDARD" },
    { key: "photos/img2.jpg", size: 100, last_modified_ms: 5, storage_class: "GLACIER" },
  ],
);

describe("rows", () => {
  it("names rows relative to the prefix and leaves out the folder's own marker", () => {
    expect(rows.map((r) => r.name)).toEqual(["2024/", "2023/", "img10.jpg", "img2.jpg"]);
  });

  it("sorts folders first, names numerically, and by size or date", () => {
    expect(sortRows(rows, "name", true).map((r) => r.name)).toEqual(["2023/", "2024/", "img2.jpg", "img10.jpg"]);
    expect(sortRows(rows, "size", false).map((r) => r.name)).toEqual(["2024/", "2023/", "img10.jpg", "img2.jpg"]);
    expect(sortRows(rows, "date", false).map((r) => r.name).slice(2)).toEqual(["img2.jpg", "img10.jpg"]);
  });

  it("filters what is loaded, ignoring case", () => {
    expect(filterRows(rows, "IMG1").map((r) => r.name)).toEqual(["img10.jpg"]);
    expect(filterRows(rows, " ")).toHaveLength(4);
  });

  it("formats sizes and walks prefixes", () => {
    expect([formatSize(0), formatSize(1536), formatSize(5 * 1024 ** 3)]).toEqual(["0 B", "1.5 KiB", "5.0 GiB"]);
    expect(crumbs("a/b/c/")).toEqual([
      { name: "a", prefix: "a/" },
      { name: "b", prefix: "a/b/" },
      { name: "c", prefix: "a/b/c/" },
    ]);
    expect([parentOf("a/b/"), parentOf("a/"), parentOf("")]).toEqual(["a/", "", ""]);
  });
});

describe("version rows", () => {
  it("gives each version its own row id and marks delete markers", () => {
    const rows = toVersionRows("docs/", [], [
      { key: "docs/a.txt", version_id: "v3", is_latest: true, delete_marker: true, size: 0, last_modified_ms: 3 },
      { key: "docs/a.txt", version_id: "v2", is_latest: false, delete_marker: false, size: 7, last_modified_ms: 2 },
      { key: "docs/a.txt", version_id: null, is_latest: false, delete_marker: false, size: 5, last_modified_ms: 1 },
    ]);
    expect(rows.map((r) => [r.name, r.versionId, r.deleteMarker])).toEqual([
      ["a.txt", "v3", true],
      ["a.txt", "v2", false],
      ["a.txt", "null", false],
    ]);
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });
});
