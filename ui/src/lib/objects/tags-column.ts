// The browser's Tags column: which rows' tags to read (only the rows on screen, only objects,
// only keys neither known nor being read), in calls of at most 200 keys, and how an answer
// is shown. Tags are never read for a whole listing up front (S3 reads them one key a request).
import type { ObjectTags } from "../ipc/bindings";
import type { Row } from "./rows";

/** The most keys one `objectTagsMany` call takes. */
export const TAGS_PER_CALL = 200;
/** How long the rows on screen must stay put (a scroll settled) before their tags are read. */
export const TAGS_SETTLE_MS = 150;

/** One key's tags as read, or why they could not be. */
export type TagsResult = { tags: [string, string][]; problem: null } | { tags: null; problem: string };

interface Has {
  has(key: string): boolean;
}

/**
 * The keys whose tags to read for `rows` (the rows rendered): objects only — not folders,
 * not delete markers, not rows of the versions view (a key's tags there would be another
 * version's) — each once, and none already known or being read.
 */
export function tagsWanted(
  rows: readonly Pick<Row, "key" | "folder" | "deleteMarker" | "versionId">[],
  known: Has,
  reading: Has,
): string[] {
  const keys = new Set<string>();
  for (const row of rows) {
    if (row.folder || row.deleteMarker || row.versionId !== null) continue;
    if (known.has(row.key) || reading.has(row.key)) continue;
    keys.add(row.key);
  }
  return [...keys];
}

/** `items` in runs of at most `size`, in order. */
export function chunk<T>(items: readonly T[], size = TAGS_PER_CALL): T[][] {
  const runs: T[][] = [];
  for (let i = 0; i < items.length; i += size) runs.push(items.slice(i, i + size));
  return runs;
}

/** Each asked key's result, matched by key; a key the answer left out counts as failed. */
export function resultsFor(asked: readonly string[], answers: readonly ObjectTags[]): Map<string, TagsResult> {
  const byKey = new Map(answers.map((a) => [a.key, a]));
  return new Map(
    asked.map((key): [string, TagsResult] => {
      const answer = byKey.get(key);
      if (answer?.tags) return [key, { tags: answer.tags, problem: null }];
      return [key, { tags: null, problem: answer?.problem ?? "The tags of this object were not read." }];
    }),
  );
}

/** Every key failed with the same problem (the whole call failed). */
export function allFailed(asked: readonly string[], problem: string): Map<string, TagsResult> {
  return new Map(asked.map((key): [string, TagsResult] => [key, { tags: null, problem }]));
}

/** "team=data, env=prod": the full list, for a cell's title. */
export function tagsText(tags: readonly [string, string][]): string {
  return tags.map(([k, v]) => `${k}=${v}`).join(", ");
}
