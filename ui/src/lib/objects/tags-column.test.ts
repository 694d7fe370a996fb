import { describe, expect, it } from "vitest";
import { allFailed, chunk, resultsFor, tagsText, tagsWanted } from "./tags-column";
import { toRows, toVersionRows } from "./rows";

const object = (key: string) => ({ key, size: 1, last_modified_ms: 0, storage_class: "STANDARD" });
const rows = toRows("p/", ["p/sub/"], [object("p/a"), object("p/b"), object("p/c")]);
const versionRows = toVersionRows("p/", [], [
  { key: "p/a", version_id: "v2", size: 1, last_modified_ms: 0, is_latest: true, delete_marker: false },
  { key: "p/a", version_id: "v1", size: 1, last_modified_ms: 0, is_latest: false, delete_marker: false },
  { key: "p/b", version_id: "v3", size: 0, last_modified_ms: 0, is_latest: true, delete_marker: true },
]);
const none = new Set<string>();

describe("tagsWanted", () => {
  const cases: { name: string; rows: Parameters<typeof tagsWanted>[0]; known: Set<string>; reading: Set<string>; want: string[] }[] = [
    { name: "every object on screen, folders left out", rows, known: none, reading: none, want: ["p/a", "p/b", "p/c"] },
    { name: "none already known", rows, known: new Set(["p/a", "p/c"]), reading: none, want: ["p/b"] },
    { name: "none being read", rows, known: none, reading: new Set(["p/b"]), want: ["p/a", "p/c"] },
    { name: "nothing when all are known or being read", rows, known: new Set(["p/a"]), reading: new Set(["p/b", "p/c"]), want: [] },
    { name: "nothing for only folders", rows: rows.slice(0, 1), known: none, reading: none, want: [] },
    { name: "nothing for no rows", rows: [], known: none, reading: none, want: [] },
    { name: "each key once", rows: [...rows, ...rows], known: none, reading: none, want: ["p/a", "p/b", "p/c"] },
    { name: "nothing in the versions view (versions and delete markers)", rows: versionRows, known: none, reading: none, want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(tagsWanted(c.rows, c.known, c.reading)).toEqual(c.want);
    });
  }
});

describe("chunk", () => {
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);
  const cases: { n: number; size?: number; lengths: number[] }[] = [
    { n: 0, lengths: [] },
    { n: 1, lengths: [1] },
    { n: 200, lengths: [200] },
    { n: 201, lengths: [200, 1] },
    { n: 450, lengths: [200, 200, 50] },
    { n: 5, size: 2, lengths: [2, 2, 1] },
  ];
  for (const c of cases) {
    it(`${c.n} keys in runs of ${c.size ?? 200}`, () => {
      const runs = chunk(keys(c.n), c.size);
      expect(runs.map((r) => r.length)).toEqual(c.lengths);
      expect(runs.flat()).toEqual(keys(c.n));
    });
  }
});

describe("resultsFor", () => {
  it("gives each key its own answer, matched by key, and fails keys left out", () => {
    const results = resultsFor(
      ["a", "b", "c", "d"],
      [
        { key: "b", tags: null, problem: "Access denied" },
        { key: "a", tags: [["team", "data"]], problem: null },
        { key: "c", tags: [], problem: null },
      ],
    );
    expect([...results]).toEqual([
      ["a", { tags: [["team", "data"]], problem: null }],
      ["b", { tags: null, problem: "Access denied" }],
      ["c", { tags: [], problem: null }],
      ["d", { tags: null, problem: "The tags of this object were not read." }],
    ]);
  });

  it("fails every key of a call that failed", () => {
    expect([...allFailed(["a", "b"], "offline")]).toEqual([
      ["a", { tags: null, problem: "offline" }],
      ["b", { tags: null, problem: "offline" }],
    ]);
  });
});

describe("tagsText", () => {
  const cases: { tags: [string, string][]; text: string }[] = [
    { tags: [], text: "" },
    { tags: [["team", "data"]], text: "team=data" },
    { tags: [["team", "data"], ["env", ""]], text: "team=data, env=" },
  ];
  for (const c of cases) it(JSON.stringify(c.tags), () => expect(tagsText(c.tags)).toBe(c.text));
});
