// The bucket list of the selected connection.
import type { Bucket, ConnectionKey, ErrorPayload } from "../ipc/bindings";
import { keyId, toErrorPayload, type Backend } from "../ipc/backend";

export class BucketsState {
  buckets: Bucket[] = $state([]);
  loading = $state(false);
  error: ErrorPayload | null = $state(null);
  /** Which connection the list belongs to, so a late answer for another one is dropped. */
  private forKey: string | null = null;

  constructor(private backend: Backend) {}

  async load(key: ConnectionKey): Promise<void> {
    const id = keyId(key);
    this.forKey = id;
    this.loading = true;
    this.error = null;
    this.buckets = [];
    try {
      const buckets = await this.backend.bucketList(key);
      if (this.forKey === id) this.buckets = buckets;
    } catch (error) {
      if (this.forKey === id) this.error = toErrorPayload(error);
    } finally {
      if (this.forKey === id) this.loading = false;
    }
  }
}
