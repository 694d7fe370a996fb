// The browser's rows: folders and objects of one prefix, named relative to it, sorted and
// filtered over what has been loaded so far.
import type { ObjectRow, VersionRow } from "../ipc/bindings";

export interface Row {
  /** Unique in a listing: the key, or the key and version id in the versions view. */
  id: string;
  /** The full key (folders end in `/`). */
  key: string;
  /** The key without the prefix being browsed. */
  name: string;
  folder: boolean;
  size: number;
  lastModifiedMs: number | null;
  storageClass: string | null;
  /** Set in the versions view. */
  versionId: string | null;
  deleteMarker: boolean;
  isLatest: boolean;
}

export type SortBy = "name" | "size" | "date";

const folderRow = (prefix: string, key: string): Row => ({
  id: key,
  key,
  name: key.slice(prefix.length),
  folder: true,
  size: 0,
  lastModifiedMs: null,
  storageClass: null,
  versionId: null,
  deleteMarker: false,
  isLatest: true,
});

export function toRows(prefix: string, folders: string[], objects: ObjectRow[]): Row[] {
  const folderRows = folders.map((key) => folderRow(prefix, key));
  // The folder's own marker object (the key equal to the prefix) is not a child of it.
  const objectRows = objects
    .filter((o) => o.key !== prefix)
    .map((o) => ({
      id: o.key,
      key: o.key,
      name: o.key.slice(prefix.length),
      folder: false,
      size: o.size,
      lastModifiedMs: o.last_modified_ms,
      storageClass: o.storage_class,
      versionId: null,
      deleteMarker: false,
      isLatest: true,
    }));
  return [...folderRows, ...objectRows];
}

/** The versions view: every version and delete marker of each key, the latest first. */
export function toVersionRows(prefix: string, folders: string[], versions: VersionRow[]): Row[] {
  const versionRows = versions
    .filter((v) => v.key !== prefix)
    .map((v) => ({
      id: `${v.key}\u0000${v.version_id ?? "null"}`,
      key: v.key,
      name: v.key.slice(prefix.length),
      folder: false,
      size: v.size,
      lastModifiedMs: v.last_modified_ms,
      storageClass: null,
      versionId: v.version_id ?? "null",
      deleteMarker: v.delete_marker,
      isLatest: v.is_latest,
    }));
  return [...folders.map((key) => folderRow(prefix, key)), ...versionRows];
}

/** Folders first, then by the chosen column; names compare as people read them (2 < 10). */
export function sortRows(rows: Row[], by: SortBy, ascending: boolean): Row[] {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  const direction = ascending ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (a.folder !== b.folder) return a.folder ? -1 : 1;
    let order = 0;
    if (by === "size") order = a.size - b.size;
    else if (by === "date") order = (a.lastModifiedMs ?? 0) - (b.lastModifiedMs ?? 0);
    return direction * (order || collator.compare(a.name, b.name));
  });
}

export function filterRows(rows: Row[], text: string): Row[] {
  const needle = text.trim().toLowerCase();
  return needle ? rows.filter((r) => r.name.toLowerCase().includes(needle)) : rows;
}

/** "1.5 MB"-style sizes, in powers of 1024 as S3's console shows them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB", "PiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** The breadcrumb of a prefix: each folder level with the prefix that opens it. */
export function crumbs(prefix: string): { name: string; prefix: string }[] {
  const parts = prefix.split("/").filter(Boolean);
  return parts.map((name, i) => ({ name, prefix: parts.slice(0, i + 1).join("/") + "/" }));
}

/** The prefix one level up ("a/b/" → "a/", "a/" → ""). */
export function parentOf(prefix: string): string {
  const parts = prefix.split("/").filter(Boolean);
  return parts.length <= 1 ? "" : parts.slice(0, -1).join("/") + "/";
}
