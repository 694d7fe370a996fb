// Where each selected row goes when copied or moved: into a destination folder, keeping its
// name, or (for a single row) under a new name, which is how a rename is expressed.
import type { CopyItemInput } from "../ipc/bindings";
import type { Row } from "./rows";

/** The destination folder as S3 wants it: no leading `/`, a trailing `/` unless it is the root. */
export function normaliseFolder(folder: string): string {
  const trimmed = folder.trim().replace(/^\/+/, "").replace(/\/+$/, "");
  return trimmed === "" ? "" : `${trimmed}/`;
}

/** The name a row is shown with in the copy dialog: folders without their trailing `/`. */
export function plainName(row: Row): string {
  return row.folder ? row.name.replace(/\/$/, "") : row.name;
}

export function copyItems(rows: Row[], folder: string, newName: string | null): CopyItemInput[] {
  const into = normaliseFolder(folder);
  return rows.map((row) => {
    const name = newName !== null && rows.length === 1 ? newName.trim() : plainName(row);
    return { source: row.key, target: `${into}${name}${row.folder ? "/" : ""}` };
  });
}
