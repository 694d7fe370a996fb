// The UI's only way to the backend: typed wrappers over Tauri's `invoke`, one per command.
// Components receive a `Backend`, so UI tests can hand them a fake instead of a window.
import { invoke } from "@tauri-apps/api/core";
import type {
  Bucket,
  ConnectionDraftInput,
  ConnectionEntry,
  ConnectionKey,
  ErrorPayload,
  Identity,
} from "./bindings";

export interface Backend {
  connectionList(): Promise<ConnectionEntry[]>;
  connectionCreate(draft: ConnectionDraftInput): Promise<ConnectionEntry>;
  connectionUpdate(id: string, draft: ConnectionDraftInput): Promise<ConnectionEntry>;
  connectionDelete(id: string): Promise<void>;
  connectionIdentity(key: ConnectionKey): Promise<Identity | null>;
  bucketList(key: ConnectionKey): Promise<Bucket[]>;
}

export const tauriBackend: Backend = {
  connectionList: () => invoke("connection_list"),
  connectionCreate: (draft) => invoke("connection_create", { draft }),
  connectionUpdate: (id, draft) => invoke("connection_update", { id, draft }),
  connectionDelete: (id) => invoke("connection_delete", { id }),
  connectionIdentity: (key) => invoke("connection_identity", { key }),
  bucketList: (key) => invoke("bucket_list", { key }),
};

/** The backend's `{code, message, hint}`, or one made from anything else that was thrown. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (typeof error === "object" && error !== null && "code" in error && "message" in error) {
    return error as ErrorPayload;
  }
  return {
    code: "service",
    message: `Something unexpected went wrong: ${String(error)}`,
    hint: "Try again; if it keeps happening, restart S3 Desk.",
    field: null,
  };
}

/** A stable string for a connection key, to compare and to use as a list key. */
export function keyId(key: ConnectionKey): string {
  switch (key.kind) {
    case "saved":
      return `saved:${key.id}`;
    case "aws_profile":
      return `aws:${key.name}`;
    case "sandbox":
      return "sandbox";
  }
}
