// The sidebar's state: every connection, which one is selected, and who its keys belong to.
import type { ConnectionDraftInput, ConnectionEntry, ErrorPayload, Identity } from "../ipc/bindings";
import { keyId, toErrorPayload, type Backend } from "../ipc/backend";

export class ConnectionsState {
  entries: ConnectionEntry[] = $state([]);
  loadError: ErrorPayload | null = $state(null);
  selectedId: string | null = $state(null);
  identity: Identity | null = $state(null);
  selected: ConnectionEntry | null = $derived(this.entries.find((e) => keyId(e.key) === this.selectedId) ?? null);
  savedNames: string[] = $derived(this.entries.filter((e) => e.editable).map((e) => e.name));

  constructor(private backend: Backend) {}

  async load(): Promise<void> {
    try {
      this.entries = await this.backend.connectionList();
      this.loadError = null;
    } catch (error) {
      this.loadError = toErrorPayload(error);
    }
  }

  /** Selects a connection and asks, in the background, who its keys belong to. */
  select(entry: ConnectionEntry): void {
    const id = keyId(entry.key);
    this.selectedId = id;
    this.identity = null;
    this.backend.connectionIdentity(entry.key).then(
      (identity) => {
        if (this.selectedId === id) this.identity = identity;
      },
      // Listing buckets reports the same credentials' problems, with their fix; an
      // identity that cannot be read only means no root warning can be shown.
      () => {},
    );
  }

  async create(draft: ConnectionDraftInput): Promise<ErrorPayload | null> {
    return this.saving(() => this.backend.connectionCreate(draft));
  }

  async update(id: string, draft: ConnectionDraftInput): Promise<ErrorPayload | null> {
    return this.saving(() => this.backend.connectionUpdate(id, draft));
  }

  async remove(id: string): Promise<ErrorPayload | null> {
    try {
      await this.backend.connectionDelete(id);
    } catch (error) {
      return toErrorPayload(error);
    }
    if (this.selectedId === `saved:${id}`) this.selectedId = null;
    await this.load();
    return null;
  }

  private async saving(save: () => Promise<ConnectionEntry>): Promise<ErrorPayload | null> {
    let saved: ConnectionEntry;
    try {
      saved = await save();
    } catch (error) {
      return toErrorPayload(error);
    }
    await this.load();
    const entry = this.entries.find((e) => keyId(e.key) === keyId(saved.key));
    if (entry) this.select(entry);
    return null;
  }
}
