// One bucket open in the browser: the prefix being shown, its rows loaded page by page,
// how they are sorted and filtered, what is selected, and the details of an opened object.
import type { ErrorPayload, ObjectInfo, VersionsFrom } from "../ipc/bindings";
import { toErrorPayload, type Backend, type BucketRef } from "../ipc/backend";
import { filterRows, sortRows, toRows, toVersionRows, type Row, type SortBy } from "./rows";
import { click, emptySelection, move, selectAll, type Selection } from "./selection";
import { SvelteMap } from "svelte/reactivity";
import { Latest } from "../shared/latest";
import { allFailed, chunk, resultsFor, tagsWanted, type TagsResult } from "./tags-column";

/** Whether the Tags column is on: kept for the session, from one bucket to the next. */
let showTagsThisSession = false;

export class BrowserState {
  prefix = $state("");
  rows: Row[] = $state([]);
  loading = $state(false);
  /** Every page of this prefix is loaded. */
  complete = $state(false);
  /** The server stopped listing this prefix without a way to continue (a capped store). */
  cutShort = $state(false);
  error = $state<ErrorPayload | null>(null);
  sortBy: SortBy = $state("name");
  ascending = $state(true);
  filter = $state("");
  /** List every version and delete marker instead of the current objects. */
  showVersions = $state(false);
  /** List every key under the prefix, subfolders included, for the filter to search. */
  searchAll = $state(false);
  selection: Selection = $state(emptySelection());
  /** The object row whose details are shown. */
  opened = $state<Row | null>(null);
  details = $state<ObjectInfo | null>(null);
  /** The opened object's tags as edited, and as last read or saved. */
  tags = $state<[string, string][] | null>(null);
  savedTags = $state<[string, string][]>([]);
  tagsError = $state<ErrorPayload | null>(null);
  tagsNotice = $state<string | null>(null);
  detailsError = $state<ErrorPayload | null>(null);
  /** The Tags column is chosen (it stays chosen, but hidden, in the versions view). */
  showTags = $state(showTagsThisSession);
  /** The versions view has no Tags column: `objectTagsMany` reads a key's current version,
   * which is not what a row of another version would show, so nothing is read there. */
  tagsShown = $derived(this.showTags && !this.showVersions);
  /** The tags read for the Tags column, by key, for this bucket; a key absent is not read yet. */
  readonly tagsOf = new SvelteMap<string, TagsResult>();

  shown: Row[] = $derived(filterRows(sortRows(this.rows, this.sortBy, this.ascending), this.filter));
  order: string[] = $derived(this.shown.map((r) => r.id));
  selectedRows: Row[] = $derived(this.shown.filter((r) => this.selection.selected.has(r.id)));

  private next: string | null = null;
  private nextVersions: VersionsFrom | null = null;
  /** Bumped on every navigation, so pages of a prefix left behind are dropped. */
  private generation = 0;
  /** The opened object's details and tags: only those of the object opened last may land. */
  private detailsLoad = new Latest();
  /** Keys whose tags are being read, each with the number of the call reading it; an answer
   * is kept only if its key is still listed here with that call (not cleared, invalidated or
   * asked again since). */
  private tagsReading = new Map<string, number>();
  private tagsCalls = 0;

  constructor(
    readonly backend: Backend,
    readonly ref: BucketRef,
  ) {}

  async open(prefix: string): Promise<void> {
    // Listing the same prefix again is a refresh (the Refresh button, after a delete or a
    // copy, on switching versions or subfolders): tags read before may be out of date.
    // Another folder of the bucket keeps them.
    if (prefix === this.prefix) this.clearTags();
    this.generation++;
    this.prefix = prefix;
    this.rows = [];
    this.next = null;
    this.nextVersions = null;
    this.complete = false;
    this.cutShort = false;
    this.error = null;
    this.filter = "";
    this.selection = emptySelection();
    this.detailsLoad.forget();
    this.opened = null;
    this.details = null;
    this.detailsError = null;
    this.loading = false;
    await this.loadMore();
  }

  /** Loads the next page, unless one is loading or all are loaded. */
  async loadMore(): Promise<void> {
    if (this.loading || this.complete) return;
    const generation = this.generation;
    this.loading = true;
    try {
      if (this.showVersions) {
        const page = await this.backend.objectVersions(this.ref, this.prefix, this.nextVersions);
        if (generation !== this.generation) return;
        this.rows = [...this.rows, ...toVersionRows(this.prefix, page.folders, page.versions)];
        this.nextVersions = page.next;
        this.complete = page.next === null;
      } else {
        const page = await this.backend.objectList(this.ref, this.prefix, !this.searchAll, this.next);
        if (generation !== this.generation) return;
        this.rows = [...this.rows, ...toRows(this.prefix, page.folders, page.objects)];
        this.next = page.next;
        this.complete = page.next === null;
        this.cutShort = page.cut_short;
      }
    } catch (error) {
      if (generation === this.generation) this.error = toErrorPayload(error);
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  sort(by: SortBy): void {
    this.ascending = this.sortBy === by ? !this.ascending : true;
    this.sortBy = by;
  }

  /** Switches between current objects and all versions, and lists the prefix again. */
  async setShowVersions(on: boolean): Promise<void> {
    this.showVersions = on;
    if (on) this.searchAll = false;
    await this.open(this.prefix);
  }

  /** Switches between this folder's level and everything under it, keeping the filter. */
  async setSearchAll(on: boolean): Promise<void> {
    const filter = this.filter;
    this.searchAll = on;
    await this.open(this.prefix);
    this.filter = filter;
  }

  click(id: string, mods: { toggle: boolean; range: boolean }): void {
    this.selection = click(this.selection, id, this.order, mods);
  }

  move(delta: number, extend: boolean): void {
    this.selection = move(this.selection, this.order, delta, extend);
  }

  selectAll(): void {
    this.selection = selectAll(this.order);
  }

  /** Opens a row: a folder is browsed into, an object's details are read (HeadObject). */
  async openRow(row: Row): Promise<void> {
    if (row.folder) {
      await this.open(row.key);
      return;
    }
    this.detailsLoad.forget();
    this.opened = row;
    this.details = null;
    this.detailsError = null;
    this.tags = null;
    if (row.deleteMarker) return;
    const current = this.detailsLoad.begin();
    try {
      const details = await this.backend.objectDetails(this.ref, row.key, row.versionId);
      if (!current()) return;
      this.details = details;
    } catch (error) {
      // Another object opened meanwhile: its details, not this late error, are what to show.
      if (current()) this.detailsError = toErrorPayload(error);
      return;
    }
    await this.loadTags(row);
  }

  /** Tags are read when an object is opened, never for every row. */
  private async loadTags(row: Row): Promise<void> {
    const current = this.detailsLoad.begin();
    this.tags = null;
    this.tagsError = null;
    this.tagsNotice = null;
    try {
      const tags = await this.backend.objectTagsGet(this.ref, row.key, row.versionId);
      if (current()) {
        this.savedTags = tags;
        this.tags = tags.map(([k, v]) => [k, v]);
      }
    } catch (error) {
      if (current()) this.tagsError = toErrorPayload(error);
    }
  }

  /** Saves the edited tags (all of them: S3 replaces the set); empty rows are dropped. */
  async saveTags(tags: [string, string][] = this.tags ?? []): Promise<void> {
    const row = this.opened;
    if (!row) return;
    const wanted = tags.filter(([k]) => k.trim() !== "").map(([k, v]): [string, string] => [k.trim(), v]);
    this.tagsError = null;
    this.tagsNotice = null;
    try {
      await this.backend.objectTagsSet(this.ref, row.key, row.versionId, wanted);
    } catch (error) {
      this.tagsError = toErrorPayload(error);
      return;
    }
    this.savedTags = wanted;
    this.invalidateTags([row.key]);
    // The current object's tags are known; a version's may or may not be the current one's.
    if (row.versionId === null) this.tagsOf.set(row.key, { tags: wanted, problem: null });
    this.tags = wanted.map(([k, v]) => [k, v]);
    this.tagsNotice = wanted.length === 0 ? "All tags removed." : `Saved ${wanted.length} ${wanted.length === 1 ? "tag" : "tags"}.`;
  }

  setShowTags(on: boolean): void {
    this.showTags = on;
    showTagsThisSession = on;
  }

  /** The keys among `rows` (those on screen) whose tags the Tags column would read now. */
  tagsWanted(rows: Row[]): string[] {
    return this.tagsShown ? tagsWanted(rows, this.tagsOf, this.tagsReading) : [];
  }

  /** Reads the tags of `rows` (those on screen) not read or being read yet, 200 keys a call. */
  async loadTagsOf(rows: Row[]): Promise<void> {
    await Promise.all(chunk(this.tagsWanted(rows)).map((keys) => this.readTags(keys)));
  }

  private async readTags(keys: string[]): Promise<void> {
    const call = ++this.tagsCalls;
    for (const key of keys) this.tagsReading.set(key, call);
    let results: Map<string, TagsResult>;
    try {
      results = resultsFor(keys, await this.backend.objectTagsMany(this.ref, keys));
    } catch (error) {
      // Kept as each key's problem, so the rows say so instead of loading for ever; Refresh
      // reads them again.
      results = allFailed(keys, toErrorPayload(error).message);
    }
    for (const [key, result] of results) {
      if (this.tagsReading.get(key) !== call) continue;
      this.tagsReading.delete(key);
      this.tagsOf.set(key, result);
    }
  }

  /** Forgets the tags read for `keys` (they were changed), so the column reads them again. */
  invalidateTags(keys: Iterable<string>): void {
    for (const key of keys) {
      this.tagsOf.delete(key);
      this.tagsReading.delete(key);
    }
  }

  /** Forgets every tag read, and drops the answers of calls still running. */
  clearTags(): void {
    this.tagsOf.clear();
    this.tagsReading.clear();
  }

  /** Copies the opened old version over the current one, then lists the versions again. */
  async restoreOpened(): Promise<void> {
    const row = this.opened;
    if (row?.versionId == null || row.isLatest) return;
    try {
      await this.backend.objectRestoreVersion(this.ref, row.key, row.versionId);
    } catch (error) {
      this.detailsError = toErrorPayload(error);
      return;
    }
    await this.open(this.prefix);
  }
}
