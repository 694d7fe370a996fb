import type { SharedLink } from "../ipc/bindings";

/** A link made this session, for the list in the share dialog. */
export interface SharedEntry {
  bucket: string;
  key: string;
  kind: "download" | "upload";
  link: SharedLink;
}
