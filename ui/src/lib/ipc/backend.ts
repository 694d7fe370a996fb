// The UI's only way to the backend: typed wrappers over Tauri's `invoke`, one per command.
// Components receive a `Backend`, so UI tests can hand them a fake instead of a window.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AccelerationComparison,
  AccelerationView,
  AccessView,
  BlockFlags,
  Bucket,
  BucketContents,
  BucketSettings,
  ConnectionDraftInput,
  ConnectionEntry,
  ConnectionKey,
  CopyItemInput,
  CopyProgress,
  CopyReport,
  CreateBucketInput,
  CreatedBucket,
  DeleteProgress,
  SyncDirection,
  SyncOptionsInput,
  SyncPlanView,
  SyncReportView,
  DeleteReport,
  DownloadFolder,
  DownloadObject,
  DropEvent,
  ErrorPayload,
  ExposureView,
  GrantView,
  Identity,
  KeyCount,
  NameCheck,
  ObjectInfo,
  ObjectPage,
  ObjectTags,
  PolicyFinding,
  PolicyTemplate,
  SharedLink,
  TagChangeInput,
  TagChangeReport,
  TransferEvent,
  TransferSettings,
  UnfinishedMultipart,
  UnfinishedDownloadView,
  UnfinishedUpload,
  UploadOptionsInput,
  UploadRef,
  UrlUploadProgress,
  VersionListing,
  VersionsFrom,
  VersionToDelete,
} from "./bindings";

/** Where a bucket lives: its connection and, when known, its region. */
export interface BucketRef {
  key: ConnectionKey;
  bucket: string;
  region: string | null;
}

export interface Backend {
  connectionList(): Promise<ConnectionEntry[]>;
  connectionCreate(draft: ConnectionDraftInput): Promise<ConnectionEntry>;
  connectionUpdate(id: string, draft: ConnectionDraftInput): Promise<ConnectionEntry>;
  connectionDelete(id: string): Promise<void>;
  connectionIdentity(key: ConnectionKey): Promise<Identity | null>;
  bucketList(key: ConnectionKey): Promise<Bucket[]>;
  bucketNameCheck(name: string): Promise<NameCheck>;
  bucketNameUnique(name: string): Promise<string>;
  bucketCreate(key: ConnectionKey, request: CreateBucketInput): Promise<CreatedBucket>;
  bucketSettings(ref: BucketRef): Promise<BucketSettings>;
  bucketSetVersioning(ref: BucketRef, enabled: boolean): Promise<void>;
  bucketCount(ref: BucketRef): Promise<BucketContents>;
  /** Empties the bucket; `operation` names the run for `operationCancel`. */
  bucketEmpty(ref: BucketRef, operation: string, onProgress: (p: DeleteProgress) => void): Promise<DeleteReport>;
  bucketDelete(ref: BucketRef): Promise<void>;
  bucketUnfinishedUploads(ref: BucketRef): Promise<UnfinishedMultipart[]>;
  bucketAcceleration(ref: BucketRef): Promise<AccelerationView>;
  /** Whether the bucket is public, and why. */
  bucketExposure(ref: BucketRef): Promise<ExposureView>;
  bucketAccess(ref: BucketRef): Promise<AccessView>;
  /** ACL grants of the bucket, or of `object`. */
  accessGrants(ref: BucketRef, object: string | null): Promise<GrantView[]>;
  accessMakeObjectPublic(ref: BucketRef, object: string): Promise<GrantView[]>;
  bucketSetBlockPublic(ref: BucketRef, flags: BlockFlags): Promise<AccessView>;
  bucketPolicyCheck(bucket: string, text: string): Promise<PolicyFinding[]>;
  bucketPolicyTemplate(bucket: string, template: PolicyTemplate): Promise<string>;
  /** Saves `text`, unless the saved policy is no longer `expected`. */
  bucketPolicySave(ref: BucketRef, text: string, expected: string | null): Promise<AccessView>;
  bucketPolicyDelete(ref: BucketRef): Promise<AccessView>;
  bucketSetOwnership(ref: BucketRef, ownership: string): Promise<AccessView>;
  bucketSetAcceleration(ref: BucketRef, enabled: boolean): Promise<AccelerationView>;
  /** Uploads one sample through the regional and the accelerate endpoint (deleted after). */
  bucketCompareAcceleration(ref: BucketRef): Promise<AccelerationComparison>;
  connectionUseAcceleration(key: ConnectionKey, used: boolean): Promise<void>;
  bucketAbortUploads(ref: BucketRef, uploads: UploadRef[]): Promise<number>;
  objectList(ref: BucketRef, prefix: string, folders: boolean, continuation: string | null): Promise<ObjectPage>;
  objectVersions(ref: BucketRef, prefix: string, from: VersionsFrom | null): Promise<VersionListing>;
  objectDetails(ref: BucketRef, object: string, versionId: string | null): Promise<ObjectInfo>;
  objectCount(ref: BucketRef, prefix: string): Promise<KeyCount>;
  objectFolderCreate(ref: BucketRef, prefix: string, name: string): Promise<string>;
  /** Deletes keys, whole folders and (for good) versions; `operation` names the run for `operationCancel`. */
  objectDelete(
    ref: BucketRef,
    selection: { keys: string[]; folders: string[]; versions: VersionToDelete[] },
    operation: string,
    onProgress: (p: DeleteProgress) => void,
  ): Promise<DeleteReport>;
  /** Copies (or, with `removeSource`, moves) keys and folders; `operation` names the run. */
  objectCopy(
    from: BucketRef,
    to: BucketRef,
    items: CopyItemInput[],
    removeSource: boolean,
    operation: string,
    onProgress: (p: CopyProgress) => void,
  ): Promise<CopyReport>;
  objectTagsGet(ref: BucketRef, object: string, versionId: string | null): Promise<[string, string][]>;
  /** The tags of a few objects (the rows in view, at most 200), each with its own answer. */
  objectTagsMany(ref: BucketRef, objects: string[]): Promise<ObjectTags[]>;
  /** Replaces the tags; an empty list removes them. */
  objectTagsSet(ref: BucketRef, object: string, versionId: string | null, tags: [string, string][]): Promise<void>;
  objectTagsChange(
    ref: BucketRef,
    objects: string[],
    change: TagChangeInput,
    operation: string,
    onProgress: (done: number) => void,
  ): Promise<TagChangeReport>;
  /** Makes an old version of `object` the current one again. */
  objectRestoreVersion(ref: BucketRef, object: string, versionId: string): Promise<void>;
  /** Uploads files and folders under `prefix`; `batch` names the run, each file's id starts with it. */
  transferUpload(
    ref: BucketRef,
    prefix: string,
    paths: string[],
    options: UploadOptionsInput,
    batch: string,
    onEvent: (e: TransferEvent) => void,
  ): Promise<void>;
  transferDownload(
    ref: BucketRef,
    objects: DownloadObject[],
    folders: DownloadFolder[],
    overwrite: boolean,
    batch: string,
    onEvent: (e: TransferEvent) => void,
  ): Promise<void>;
  /** Multipart uploads an earlier run left unfinished. */
  transferUnfinished(): Promise<UnfinishedUpload[]>;
  /** Downloads an earlier run left unfinished; downloading one again continues it. */
  transferUnfinishedDownloads(): Promise<UnfinishedDownloadView[]>;
  transferDiscardDownload(destination: string): Promise<void>;
  transferResume(id: string, batch: string, onEvent: (e: TransferEvent) => void): Promise<void>;
  transferDiscard(id: string): Promise<void>;
  transferSettingsGet(): Promise<TransferSettings>;
  transferSettingsSet(settings: TransferSettings): Promise<TransferSettings>;
  /** Pauses one file of a batch: its multipart upload is kept for Resume. */
  transferPause(id: string): Promise<void>;
  /** Native dialogs, opened by the backend: the chosen paths, or nothing when cancelled. */
  dialogPickFiles(): Promise<string[]>;
  dialogPickFolder(title: string): Promise<string | null>;
  dialogSaveFile(name: string): Promise<string | null>;
  /** Files dragged onto the window are reported to `onDrop`. */
  dropSubscribe(onDrop: (e: DropEvent) => void): Promise<void>;
  /** A presigned download link; the object is checked to exist first. */
  shareDownloadLink(
    ref: BucketRef,
    object: string,
    versionId: string | null,
    expiresInSeconds: number,
    downloadAs: string | null,
    accelerated: boolean,
  ): Promise<SharedLink>;
  shareUploadLink(
    ref: BucketRef,
    object: string,
    expiresInSeconds: number,
    contentType: string | null,
    accelerated: boolean,
  ): Promise<SharedLink>;
  /** Rejects with the reason when a pasted link cannot be an S3 upload link. */
  shareCheckUrl(url: string): Promise<void>;
  /** Cancelled with `operationCancel(operation)`. */
  shareUploadToUrl(url: string, path: string, contentType: string | null, operation: string, onProgress: (p: UrlUploadProgress) => void): Promise<void>;
  clipboardWrite(text: string): Promise<void>;
  /** Plans a sync of `folder` (dropped or picked) with `prefix`: nothing is sent. The
   * preview's id is `operation`, which also cancels a long listing. */
  syncPreview(ref: BucketRef, prefix: string, folder: string, direction: SyncDirection, options: SyncOptionsInput, operation: string): Promise<SyncPlanView>;
  /** Runs the latest preview, as batch `batch`. */
  syncRun(id: string, batch: string, onEvent: (event: TransferEvent) => void): Promise<SyncReportView>;
  /** Stops a long operation (emptying, deleting) started with this id. */
  operationCancel(operation: string): Promise<void>;
}

export const tauriBackend: Backend = {
  connectionList: () => invoke("connection_list"),
  connectionCreate: (draft) => invoke("connection_create", { draft }),
  connectionUpdate: (id, draft) => invoke("connection_update", { id, draft }),
  connectionDelete: (id) => invoke("connection_delete", { id }),
  connectionIdentity: (key) => invoke("connection_identity", { key }),
  bucketList: (key) => invoke("bucket_list", { key }),
  bucketNameCheck: (name) => invoke("bucket_name_check", { name }),
  bucketNameUnique: (name) => invoke("bucket_name_unique", { name }),
  bucketCreate: (key, request) => invoke("bucket_create", { key, request }),
  bucketSettings: (ref) => invoke("bucket_settings", { ...ref }),
  bucketSetVersioning: (ref, enabled) => invoke("bucket_set_versioning", { ...ref, enabled }),
  bucketCount: (ref) => invoke("bucket_count", { ...ref }),
  bucketEmpty: (ref, operation, onProgress) => {
    const onProgressChannel = new Channel<DeleteProgress>();
    onProgressChannel.onmessage = onProgress;
    return invoke("bucket_empty", { ...ref, operation, onProgress: onProgressChannel });
  },
  operationCancel: (operation) => invoke("operation_cancel", { operation }),
  bucketDelete: (ref) => invoke("bucket_delete", { ...ref }),
  bucketUnfinishedUploads: (ref) => invoke("bucket_unfinished_uploads", { ...ref }),
  bucketAcceleration: (ref) => invoke("bucket_acceleration", { ...ref }),
  bucketExposure: (ref) => invoke("bucket_exposure", { ...ref }),
  bucketAccess: (ref) => invoke("bucket_access", { ...ref }),
  accessGrants: (ref, object) => invoke("access_grants", { ...ref, object }),
  accessMakeObjectPublic: (ref, object) => invoke("access_make_object_public", { ...ref, object }),
  bucketSetBlockPublic: (ref, flags) => invoke("bucket_set_block_public", { ...ref, flags }),
  bucketPolicyCheck: (bucket, text) => invoke("bucket_policy_check", { bucket, text }),
  bucketPolicyTemplate: (bucket, template) => invoke("bucket_policy_template", { bucket, template }),
  bucketPolicySave: (ref, text, expected) => invoke("bucket_policy_save", { ...ref, text, expected }),
  bucketPolicyDelete: (ref) => invoke("bucket_policy_delete", { ...ref }),
  bucketSetOwnership: (ref, ownership) => invoke("bucket_set_ownership", { ...ref, ownership }),
  bucketSetAcceleration: (ref, enabled) => invoke("bucket_set_acceleration", { ...ref, enabled }),
  bucketCompareAcceleration: (ref) => invoke("bucket_compare_acceleration", { ...ref }),
  connectionUseAcceleration: (key, used) => invoke("connection_use_acceleration", { key, used }),
  bucketAbortUploads: (ref, uploads) => invoke("bucket_abort_uploads", { ...ref, uploads }),
  objectList: (ref, prefix, folders, continuation) => invoke("object_list", { ...ref, prefix, folders, continuation }),
  objectVersions: (ref, prefix, from) => invoke("object_versions", { ...ref, prefix, from }),
  objectDetails: (ref, object, versionId) => invoke("object_details", { ...ref, object, versionId }),
  objectCount: (ref, prefix) => invoke("object_count", { ...ref, prefix }),
  objectFolderCreate: (ref, prefix, name) => invoke("object_folder_create", { ...ref, prefix, name }),
  objectDelete: (ref, selection, operation, onProgress) => {
    const onProgressChannel = new Channel<DeleteProgress>();
    onProgressChannel.onmessage = onProgress;
    return invoke("object_delete", { ...ref, ...selection, operation, onProgress: onProgressChannel });
  },
  objectCopy: (from, to, items, removeSource, operation, onProgress) => {
    const onProgressChannel = new Channel<CopyProgress>();
    onProgressChannel.onmessage = onProgress;
    return invoke("object_copy", {
      ...from,
      toBucket: to.bucket,
      toRegion: to.region,
      items,
      removeSource,
      operation,
      onProgress: onProgressChannel,
    });
  },
  objectTagsGet: (ref, object, versionId) => invoke("object_tags_get", { ...ref, object, versionId }),
  objectTagsMany: (ref, objects) => invoke("object_tags_many", { ...ref, objects }),
  objectTagsSet: (ref, object, versionId, tags) => invoke("object_tags_set", { ...ref, object, versionId, tags }),
  objectTagsChange: (ref, objects, change, operation, onProgress) =>
    invoke("object_tags_change", { ...ref, objects, change, operation, onProgress: channel(onProgress) }),
  objectRestoreVersion: (ref, object, versionId) => invoke("object_restore_version", { ...ref, object, versionId }),
  transferUpload: (ref, prefix, paths, options, batch, onEvent) =>
    invoke("transfer_upload", { ...ref, prefix, paths, options, batch, onEvent: bundles(onEvent) }),
  transferDownload: (ref, objects, folders, overwrite, batch, onEvent) =>
    invoke("transfer_download", { ...ref, objects, folders, overwrite, batch, onEvent: bundles(onEvent) }),
  transferUnfinished: () => invoke("transfer_unfinished"),
  transferUnfinishedDownloads: () => invoke("transfer_unfinished_downloads"),
  transferDiscardDownload: (destination) => invoke("transfer_discard_download", { destination }),
  transferResume: (id, batch, onEvent) => invoke("transfer_resume", { id, batch, onEvent: bundles(onEvent) }),
  transferDiscard: (id) => invoke("transfer_discard", { id }),
  transferPause: (id) => invoke("transfer_pause", { id }),
  transferSettingsGet: () => invoke("transfer_settings_get"),
  transferSettingsSet: (settings) => invoke("transfer_settings_set", { settings }),
  dialogPickFiles: () => invoke("dialog_pick_files"),
  dialogPickFolder: (title) => invoke("dialog_pick_folder", { title }),
  dialogSaveFile: (name) => invoke("dialog_save_file", { name }),
  dropSubscribe: (onDrop) => invoke("drop_subscribe", { onDrop: channel(onDrop) }),
  shareDownloadLink: (ref, object, versionId, expiresInSeconds, downloadAs, accelerated) =>
    invoke("share_download_link", { ...ref, object, versionId, expiresInSeconds, downloadAs, accelerated }),
  shareUploadLink: (ref, object, expiresInSeconds, contentType, accelerated) =>
    invoke("share_upload_link", { ...ref, object, expiresInSeconds, contentType, accelerated }),
  shareCheckUrl: (url) => invoke("share_check_url", { url }),
  shareUploadToUrl: (url, path, contentType, operation, onProgress) =>
    invoke("share_upload_to_url", { url, path, contentType, operation, onProgress: channel(onProgress) }),
  clipboardWrite: (text) => invoke("clipboard_write", { text }),
  syncPreview: (ref, prefix, folder, direction, options, operation) =>
    invoke("sync_preview", { ...ref, prefix, folder, direction, options, operation }),
  syncRun: (id, batch, onEvent) => invoke("sync_run", { id, batch, onEvent: bundles(onEvent) }),
};

/** A batch's events come a few times a second, each message holding all since the last;
 * applied in one go, they cost the window one redraw. */
function bundles<T>(onEvent: (event: T) => void): Channel<T[]> {
  return channel((events: T[]) => events.forEach(onEvent));
}

function channel<T>(onMessage: (message: T) => void): Channel<T> {
  const c = new Channel<T>();
  c.onmessage = onMessage;
  return c;
}

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
    case "aws_environment":
      return "aws-environment";
    case "sandbox":
      return "sandbox";
  }
}
