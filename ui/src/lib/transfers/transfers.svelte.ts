// Every upload and download of this session: what is queued, running, done or failed, with
// bytes, speed and time left per file and overall, fed by the backend's batch events. Also
// the multipart uploads an earlier session left unfinished, offered for resume.
import type {
  DownloadFolder,
  DownloadObject,
  ErrorPayload,
  Outcome,
  SyncReportView,
  TransferEvent,
  UnfinishedDownloadView,
  UnfinishedUpload,
  UploadOptionsInput,
} from "../ipc/bindings";
import { toErrorPayload, type Backend, type BucketRef } from "../ipc/backend";

export type Direction = "upload" | "download";
export type FileState = "queued" | "running" | "paused" | "done" | "failed" | "cancelled";

export interface FileTransfer {
  id: string;
  direction: Direction;
  ref: BucketRef;
  key: string;
  /** The local file: source of an upload, destination of a download. */
  path: string;
  size: number;
  bytes: number;
  state: FileState;
  /** Bytes per second, smoothed. */
  speed: number;
  error: ErrorPayload | null;
  /** Set when a failed upload keeps its parts and can be resumed. */
  resumable: string | null;
  /** Sent through the S3 Transfer Acceleration endpoint. */
  accelerated: boolean;
  /** "7 of 8 parts sent" and the like, once done. */
  detail: string | null;
  /** What retrying it asks again. */
  again: Again | null;
  lastSample: { at: number; bytes: number } | null;
}

/** What retrying a file asks again: for a download, the version and whether it may replace
 * a file; for an upload, the options (tags, metadata…) it was sent with. */
export type Again =
  | { kind: "download"; versionId: string | null; overwrite: boolean }
  | { kind: "upload"; options: UploadOptionsInput };

export const NO_OPTIONS: UploadOptionsInput = { storage_class: null, content_type: null, metadata: [], tags: [] };

/** "the tags team=data, env=prod and storage class STANDARD_IA": what options give each object. */
export function describeOptions(o: UploadOptionsInput): string {
  const parts: string[] = [];
  if (o.tags.length > 0) parts.push(`the tag${o.tags.length === 1 ? "" : "s"} ${o.tags.map(([k, v]) => `${k}=${v}`).join(", ")}`);
  if (o.metadata.length > 0) parts.push(`metadata ${o.metadata.map(([k, v]) => `${k}: ${v}`).join(", ")}`);
  if (o.storage_class) parts.push(`storage class ${o.storage_class}`);
  if (o.content_type) parts.push(`content type ${o.content_type}`);
  return parts.length === 0 ? "no special options" : parts.join("; ");
}

export interface Totals {
  size: number;
  bytes: number;
  /** Bytes per second of the files running. */
  speed: number;
  /** Queued or running. */
  active: number;
  done: number;
  failed: number;
  count: number;
}

const NO_FILES: Totals = { size: 0, bytes: 0, speed: 0, active: 0, done: 0, failed: 0, count: 0 };

/** What one file adds to the totals. */
function share(f: FileTransfer): Totals {
  return {
    size: f.size,
    bytes: f.state === "done" ? f.size : f.bytes,
    speed: f.state === "running" ? f.speed : 0,
    active: f.state === "running" || f.state === "queued" ? 1 : 0,
    done: f.state === "done" ? 1 : 0,
    failed: f.state === "failed" ? 1 : 0,
    count: 1,
  };
}

/** How much each new speed sample counts against the running average. */
const SMOOTHING = 0.3;

export class TransfersState {
  files: FileTransfer[] = $state([]);
  unfinished: UnfinishedUpload[] = $state([]);
  unfinishedDownloads: UnfinishedDownloadView[] = $state([]);
  error = $state<ErrorPayload | null>(null);
  /** Called when a batch ends, e.g. to list the folder uploaded into again. */
  onbatchdone: ((ref: BucketRef, direction: Direction) => void) | null = null;

  private byId = new Map<string, FileTransfer>();
  private batches = new Set<string>();

  /** Sums over every file, kept as files change: summing 10 000 files again on every
   * bundle of events took the window about 50 ms a time. */
  private sums: Totals = { ...NO_FILES };
  /** Bumped once per task in which the sums changed, for whatever shows them. */
  private sumsChanged = $state(0);
  private bumpQueued = false;

  get totals(): Totals {
    void this.sumsChanged;
    // Speeds are added and taken away as files run: no drift is left once none runs.
    return { ...this.sums, speed: this.sums.active > 0 ? Math.max(0, this.sums.speed) : 0 };
  }

  constructor(
    private backend: Backend,
    private now: () => number = () => performance.now(),
  ) {}

  async loadUnfinished(): Promise<void> {
    try {
      this.unfinished = await this.backend.transferUnfinished();
      this.unfinishedDownloads = await this.backend.transferUnfinishedDownloads();
    } catch (e) {
      this.error = toErrorPayload(e);
    }
  }

  /** Downloads again what an earlier session left unfinished: only the missing ranges come. */
  async continueDownload(d: UnfinishedDownloadView): Promise<void> {
    this.unfinishedDownloads = this.unfinishedDownloads.filter((u) => u.destination !== d.destination);
    const ref = { key: d.connection, bucket: d.bucket, region: d.region };
    await this.download(ref, [{ key: d.key, version_id: d.version_id, destination: d.destination, size: d.size }], [], d.overwrite);
  }

  async discardDownload(d: UnfinishedDownloadView): Promise<void> {
    try {
      await this.backend.transferDiscardDownload(d.destination);
      this.unfinishedDownloads = this.unfinishedDownloads.filter((u) => u.destination !== d.destination);
    } catch (e) {
      this.error = toErrorPayload(e);
    }
  }

  /** Uploads; the options (storage class, metadata, tags…) apply to every file. */
  upload(ref: BucketRef, prefix: string, paths: string[], options: UploadOptionsInput = NO_OPTIONS): Promise<void> {
    return this.run(
      ref,
      "upload",
      (batch, on) => this.backend.transferUpload(ref, prefix, paths, options, batch, on),
      () => ({ kind: "upload", options }),
    );
  }

  download(ref: BucketRef, objects: DownloadObject[], folders: DownloadFolder[], overwrite: boolean): Promise<void> {
    const versions = new Map(objects.map((o) => [o.key, o.version_id]));
    const again = (key: string): Again => ({ kind: "download", versionId: versions.get(key) ?? null, overwrite });
    return this.run(
      ref,
      "download",
      (batch, on) => this.backend.transferDownload(ref, objects, folders, overwrite, batch, on),
      again,
    );
  }

  /** Runs the sync preview `id` as one batch; resolves to how it went (null when it could
   * not start: the error is then this state's). */
  async sync(ref: BucketRef, direction: Direction, id: string): Promise<SyncReportView | null> {
    let report: SyncReportView | null = null;
    await this.run(ref, direction, async (batch, on) => {
      report = await this.backend.syncRun(id, batch, on);
    });
    return report;
  }

  async resume(upload: UnfinishedUpload): Promise<void> {
    this.unfinished = this.unfinished.filter((u) => u.id !== upload.id);
    const ref = { key: upload.connection, bucket: upload.bucket, region: upload.region };
    await this.run(ref, "upload", (batch, on) => this.backend.transferResume(upload.id, batch, on));
  }

  async discard(upload: UnfinishedUpload): Promise<void> {
    try {
      await this.backend.transferDiscard(upload.id);
      this.unfinished = this.unfinished.filter((u) => u.id !== upload.id);
    } catch (e) {
      this.error = toErrorPayload(e);
    }
  }

  /** Cancels one file; an upload in parts is aborted, so nothing is left on the server. */
  cancel(file: FileTransfer): void {
    void this.backend.operationCancel(file.id);
  }

  /** Pauses one file; an upload in parts keeps them on the server for Resume. */
  pause(file: FileTransfer): void {
    void this.backend.transferPause(file.id);
  }

  /** Drops a paused or failed upload for good, aborting the parts it kept. */
  async discardFile(file: FileTransfer): Promise<void> {
    try {
      if (file.resumable) await this.backend.transferDiscard(file.resumable);
      this.remove(file);
    } catch (e) {
      this.error = toErrorPayload(e);
    }
  }

  cancelAll(): void {
    for (const batch of this.batches) void this.backend.operationCancel(batch);
  }

  /** Tries a failed, paused or cancelled file again: resuming an upload that kept its parts. */
  async retry(file: FileTransfer): Promise<void> {
    this.remove(file);
    if (file.direction === "download") {
      // Into the same file: the ranges already there are kept (the backend continues them).
      const { versionId, overwrite } = file.again?.kind === "download" ? file.again : { versionId: null, overwrite: false };
      await this.download(file.ref, [{ key: file.key, version_id: versionId, destination: file.path, size: file.size }], [], overwrite);
    } else if (file.resumable) {
      await this.run(file.ref, "upload", (batch, on) => this.backend.transferResume(file.resumable!, batch, on));
    } else {
      // With the options it was sent with: a retry must not drop its tags or metadata.
      const options = file.again?.kind === "upload" ? file.again.options : NO_OPTIONS;
      await this.upload(file.ref, file.key.slice(0, file.key.lastIndexOf("/") + 1), [file.path], options);
    }
  }

  /** Removes what is done, failed or cancelled; paused files stay until resumed or discarded. */
  clearFinished(): void {
    const keep = (f: FileTransfer) => f.state === "queued" || f.state === "running" || f.state === "paused";
    for (const f of this.files.filter((f) => !keep(f))) {
      this.byId.delete(f.id);
      this.tally(f, -1);
    }
    this.files = this.files.filter(keep);
  }

  private remove(file: FileTransfer): void {
    const known = this.byId.get(file.id);
    if (!known) return;
    this.byId.delete(file.id);
    this.tally(known, -1);
    this.files = this.files.filter((f) => f.id !== file.id);
  }

  /** Adds a file's share to the sums (or takes it away). */
  private tally(f: FileTransfer, sign: 1 | -1): void {
    const part = share(f);
    for (const key of Object.keys(part) as (keyof Totals)[]) this.sums[key] += sign * part[key];
    if (this.bumpQueued) return;
    this.bumpQueued = true;
    queueMicrotask(() => {
      this.bumpQueued = false;
      this.sumsChanged++;
    });
  }

  /** Changes a file, keeping the sums right. */
  private change(f: FileTransfer, mutate: () => void): void {
    this.tally(f, -1);
    mutate();
    this.tally(f, 1);
  }

  private async run(
    ref: BucketRef,
    direction: Direction,
    start: (batch: string, onEvent: (e: TransferEvent) => void) => Promise<void>,
    again?: (key: string) => Again,
  ): Promise<void> {
    const batch = crypto.randomUUID();
    this.batches.add(batch);
    this.error = null;
    try {
      await start(batch, (event) => this.apply(ref, direction, event, again));
    } catch (e) {
      this.error = toErrorPayload(e);
    } finally {
      this.batches.delete(batch);
      this.onbatchdone?.(ref, direction);
    }
  }

  /** Applies one event of a batch (exported through the class for tests). */
  apply(ref: BucketRef, direction: Direction, event: TransferEvent, again?: (key: string) => Again): void {
    switch (event.kind) {
      case "queued": {
        const added = event.files.map(
          (f): FileTransfer => ({
            id: f.id, direction, ref, key: f.key, path: f.path, size: f.size, bytes: 0, state: "queued", accelerated: f.accelerated,
            speed: 0, error: null, resumable: null, detail: null, lastSample: null, again: again?.(f.key) ?? null,
          }),
        );
        this.files = [...this.files, ...added];
        // Index the reactive proxies, so later events update what the UI shows.
        for (const f of this.files.slice(-added.length)) {
          this.byId.set(f.id, f);
          this.tally(f, 1);
        }
        break;
      }
      case "started": {
        const f = this.byId.get(event.id);
        if (!f) return;
        this.change(f, () => {
          f.state = "running";
          if (event.size > 0) f.size = event.size;
          f.lastSample = { at: this.now(), bytes: 0 };
        });
        break;
      }
      case "progress": {
        const at = this.now();
        for (const { id, bytes } of event.files) {
          const f = this.byId.get(id);
          if (!f || f.state !== "running") continue;
          this.change(f, () => {
            if (f.lastSample && at > f.lastSample.at) {
              const sample = ((bytes - f.lastSample.bytes) * 1000) / (at - f.lastSample.at);
              f.speed = f.speed === 0 ? sample : f.speed * (1 - SMOOTHING) + sample * SMOOTHING;
            }
            f.lastSample = { at, bytes };
            f.bytes = bytes;
            if (bytes > f.size) f.size = bytes;
          });
        }
        break;
      }
      case "finished": {
        const f = this.byId.get(event.id);
        if (!f) return;
        this.change(f, () => this.finish(f, event.outcome));
        break;
      }
    }
  }

  /** A file's end, as the batch reported it. */
  private finish(f: FileTransfer, outcome: Outcome): void {
    f.speed = 0;
    if (outcome.state === "done") {
      f.state = "done";
      f.size = outcome.size;
      f.bytes = outcome.size;
      if (outcome.parts > 0 && outcome.parts_sent < outcome.parts) {
        f.detail = `resumed: ${outcome.parts_sent} of ${outcome.parts} parts sent`;
      } else if (outcome.parts > 0) {
        f.detail = `${outcome.parts} parts`;
      }
    } else if (outcome.state === "failed") {
      f.state = "failed";
      f.error = outcome.error;
      f.resumable = outcome.resumable;
    } else if (outcome.state === "paused") {
      f.state = "paused";
      f.resumable = outcome.resumable;
    } else {
      f.state = "cancelled";
      f.bytes = 0;
    }
  }
}

/** Seconds left at `speed` bytes per second, or null when unknown. */
export function secondsLeft(remaining: number, speed: number): number | null {
  return speed > 0 ? remaining / speed : null;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "";
  if (seconds < 60) return `${Math.ceil(seconds)} s left`;
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} min left`;
  return `${(seconds / 3600).toFixed(1)} h left`;
}
