// The bucket list of the selected connection, and the bucket picked in it.
import type {
  AccelerationComparison,
  AccelerationView,
  Bucket,
  BucketSettings,
  ConnectionKey,
  ErrorPayload,
  ExposureView,
  UnfinishedMultipart,
} from "../ipc/bindings";
import { keyId, toErrorPayload, type Backend, type BucketRef } from "../ipc/backend";
import { Latest, LatestByName } from "../shared/latest";

/** Buckets whose publicity is read at once: each read is four small requests. */
const EXPOSURE_READERS = 3;

export class BucketsState {
  buckets: Bucket[] = $state([]);
  loading = $state(false);
  error: ErrorPayload | null = $state(null);
  selectedName: string | null = $state(null);
  selected: Bucket | null = $derived(this.buckets.find((b) => b.name === this.selectedName) ?? null);
  settings: BucketSettings | null = $state(null);
  settingsError: ErrorPayload | null = $state(null);
  /** The selected bucket's unfinished multipart uploads, once listed. */
  uploads = $state<UnfinishedMultipart[] | null>(null);
  uploadsError = $state<ErrorPayload | null>(null);
  /** Transfer Acceleration of the selected bucket, or why it cannot be used. */
  acceleration = $state<AccelerationView | null>(null);
  accelerationError = $state<ErrorPayload | null>(null);
  /** Whether each listed bucket is public, as far as read yet (the list's badges). */
  exposures = $state<Record<string, ExposureView>>({});
  /** The connection the list belongs to. */
  key: ConnectionKey | null = $state(null);

  // Only the newest load of each part may land: a late answer (or error) of a load since
  // replaced, for this connection or another, is dropped.
  private listLoad = new Latest();
  private settingsLoad = new Latest();
  private uploadsLoad = new Latest();
  private accelerationLoad = new Latest();
  private exposureLoads = new LatestByName();

  constructor(private backend: Backend) {}

  async load(key: ConnectionKey, select: string | null = null): Promise<void> {
    const sameConnection = this.key !== null && keyId(this.key) === keyId(key);
    const current = this.listLoad.begin();
    this.key = key;
    this.loading = true;
    this.error = null;
    if (!sameConnection) {
      this.buckets = [];
      this.selectedName = null;
      this.settings = null;
      this.exposures = {};
      this.exposureLoads.forget();
      this.settingsLoad.forget();
    }
    try {
      const buckets = await this.backend.bucketList(key);
      if (current()) {
        this.buckets = buckets;
        void this.loadExposures(current, buckets.map((b) => b.name));
        if (select !== null) this.select(select);
        else if (this.selectedName !== null && !buckets.some((b) => b.name === this.selectedName)) this.selectedName = null;
      }
    } catch (error) {
      if (current()) this.error = toErrorPayload(error);
    } finally {
      if (current()) this.loading = false;
    }
  }

  /** Selects a bucket and reads its settings. */
  async select(name: string): Promise<void> {
    const current = this.settingsLoad.begin();
    this.selectedName = name;
    this.settings = null;
    this.settingsError = null;
    const ref = this.refOf(name);
    if (!ref) return;
    void this.loadUploads(name);
    void this.loadAcceleration(name);
    try {
      const settings = await this.backend.bucketSettings(ref);
      if (current()) this.settings = settings;
    } catch (error) {
      if (current()) this.settingsError = toErrorPayload(error);
    }
  }

  /** Reads whether each bucket is public, a few at a time, while the list is still the newest. */
  private async loadExposures(listCurrent: () => boolean, names: string[]): Promise<void> {
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined && listCurrent(); name = queue.shift()) {
        await this.refreshExposure(name);
      }
    };
    await Promise.all(Array.from({ length: EXPOSURE_READERS }, worker));
  }

  /** Reads again whether one bucket is public (after its permissions changed). A read begun
   * before, e.g. by the list, cannot land after this one with what was true then. */
  async refreshExposure(name: string): Promise<void> {
    const ref = this.refOf(name);
    if (!ref) return;
    const current = this.exposureLoads.begin(name);
    try {
      const exposure = await this.backend.bucketExposure(ref);
      if (current()) this.exposures[name] = exposure;
    } catch {
      // The badge stays away; the bucket's own panel shows the error when opened.
    }
  }

  async setVersioning(enabled: boolean): Promise<void> {
    const name = this.selectedName;
    const ref = name === null ? null : this.refOf(name);
    if (!ref || name === null) return;
    try {
      await this.backend.bucketSetVersioning(ref, enabled);
    } catch (error) {
      this.settingsError = toErrorPayload(error);
      return;
    }
    await this.select(name);
  }

  private async loadUploads(name: string): Promise<void> {
    const ref = this.refOf(name);
    const current = this.uploadsLoad.begin();
    this.uploads = null;
    this.uploadsError = null;
    if (!ref) return;
    try {
      const uploads = await this.backend.bucketUnfinishedUploads(ref);
      if (current()) this.uploads = uploads;
    } catch (error) {
      if (current()) this.uploadsError = toErrorPayload(error);
    }
  }

  private async loadAcceleration(name: string): Promise<void> {
    const ref = this.refOf(name);
    const current = this.accelerationLoad.begin();
    this.acceleration = null;
    this.accelerationError = null;
    if (!ref) return;
    try {
      const view = await this.backend.bucketAcceleration(ref);
      if (current()) this.acceleration = view;
    } catch (error) {
      if (current()) this.accelerationError = toErrorPayload(error);
    }
  }

  async setAcceleration(enabled: boolean): Promise<void> {
    const name = this.selectedName;
    const ref = name === null ? null : this.refOf(name);
    if (!ref || name === null) return;
    this.accelerationError = null;
    try {
      const view = await this.backend.bucketSetAcceleration(ref, enabled);
      if (this.selectedName === name) this.acceleration = view;
    } catch (error) {
      this.accelerationError = toErrorPayload(error);
    }
  }

  /** Whether this connection's transfers use the accelerate endpoint where a bucket has it on. */
  async useAcceleration(used: boolean): Promise<void> {
    const name = this.selectedName;
    const ref = name === null ? null : this.refOf(name);
    if (!ref || !this.acceleration) return;
    this.accelerationError = null;
    try {
      await this.backend.connectionUseAcceleration(ref.key, used);
      this.acceleration = { ...this.acceleration, used_by_connection: used };
    } catch (error) {
      this.accelerationError = toErrorPayload(error);
    }
  }

  /** Uploads one sample through each endpoint; the speeds, or null when it failed. */
  async compareAcceleration(): Promise<AccelerationComparison | null> {
    const name = this.selectedName;
    const ref = name === null ? null : this.refOf(name);
    if (!ref) return null;
    this.accelerationError = null;
    try {
      return await this.backend.bucketCompareAcceleration(ref);
    } catch (error) {
      this.accelerationError = toErrorPayload(error);
      return null;
    }
  }

  /** Aborts unfinished uploads (all of them when none are named), then lists them again. */
  async abortUploads(uploads: UnfinishedMultipart[]): Promise<void> {
    const name = this.selectedName;
    const ref = name === null ? null : this.refOf(name);
    if (!ref || name === null) return;
    try {
      await this.backend.bucketAbortUploads(ref, uploads.map(({ key, upload_id }) => ({ key, upload_id })));
    } catch (error) {
      this.uploadsError = toErrorPayload(error);
      return;
    }
    await this.loadUploads(name);
  }

  refOf(name: string): BucketRef | null {
    if (!this.key) return null;
    const bucket = this.buckets.find((b) => b.name === name);
    return { key: this.key, bucket: name, region: bucket?.region ?? null };
  }
}
