// Generated from src-tauri/src/ipc by `UPDATE_BINDINGS=1 cargo test bindings`. Do not edit.

export type ErrorCode = "invalid_input" | "duplicate_name" | "connection_not_found" | "keychain_unavailable" | "secret_missing" | "config_file" | "profile_unusable" | "invalid_access_key" | "signature_mismatch" | "expired_credentials" | "access_denied" | "no_such_bucket" | "no_such_key" | "bucket_already_exists" | "bucket_already_owned_by_you" | "invalid_bucket_name" | "bucket_not_empty" | "acl_not_allowed" | "too_many_buckets" | "public_access_blocked" | "not_supported" | "unreachable" | "local_file" | "cancelled" | "paused" | "changed_meanwhile" | "already_exists" | "unreadable_answer" | "service";

export type ErrorPayload = { code: ErrorCode, message: string, hint: string | null, 
/**
 * The form field at fault, for `invalid_input`.
 */
field: string | null, 
/**
 * What a report of the problem would quote (operation, HTTP status, S3's own error
 * code), shown folded away under the sentence.
 */
detail?: string | null, };

export type ConnectionKey = { "kind": "saved", id: string, } | { "kind": "aws_profile", name: string, } | { "kind": "aws_environment" } | { "kind": "sandbox" };

export type ConnectionEntry = { key: ConnectionKey, name: string, region: string | null, access_key_id: string | null, 
/**
 * Set for S3-compatible endpoints; absent for Amazon S3.
 */
endpoint_url: string | null, path_style: boolean, 
/**
 * Saved connections can be edited and deleted; AWS profiles, the environment and the
 * sandbox cannot.
 */
editable: boolean, };

export type ConnectionDraftInput = { name: string, access_key_id: string, 
/**
 * Empty when editing keeps the stored secret.
 */
secret_access_key: string, region: string, endpoint_url: string, path_style: boolean, };

export type Identity = { account: string, arn: string, is_root: boolean, };

export type Bucket = { name: string, region: string | null, 
/**
 * Milliseconds since the Unix epoch.
 */
created_ms: number | null, };

export type NameCheck = { 
/**
 * Every rule it breaks, each as an instruction; empty when S3 would accept it.
 */
problems: Array<string>, warnings: Array<string>, };

export type OwnershipChoice = "bucket_owner_enforced" | "bucket_owner_preferred" | "object_writer";

export type AclChoice = "private" | "public-read" | "public-read-write" | "authenticated-read";

export type RetentionModeChoice = "governance" | "compliance";

export type RetentionView = { mode: RetentionModeChoice, days: number, };

export type CreateBucketInput = { name: string, region: string, ownership: OwnershipChoice, 
/**
 * null sends no ACL: private.
 */
acl: AclChoice | null, 
/**
 * Empty for none.
 */
grant_read: string, grant_write: string, block_public_access: boolean, object_lock: boolean, default_retention: RetentionView | null, versioning: boolean, };

export type CreatedBucket = { name: string, region: string, warnings: Array<string>, };

export type VersioningState = "off" | "enabled" | "suspended";

export type ObjectLockView = { enabled: boolean, default_retention: RetentionView | null, };

export type BucketSettings = { versioning: VersioningState, 
/**
 * null when the endpoint does not say.
 */
object_lock: ObjectLockView | null, 
/**
 * null when the endpoint cannot tell.
 */
public: boolean | null, };

export type BucketContents = { objects: number, versions: number, delete_markers: number, uploads: number, 
/**
 * false when counting stopped at its time limit: the numbers are "at least".
 */
complete: boolean, };

export type DeleteProgress = { deleted: number, failed: number, uploads_aborted: number, };

export type DeleteReport = { progress: DeleteProgress, 
/**
 * The first keys S3 refused to delete, with its reason.
 */
failures: Array<ObjectFailure>, cancelled: boolean, };

export type UnfinishedMultipart = { key: string, upload_id: string, initiated_ms: number | null, 
/**
 * Counted for the first 100 uploads only.
 */
parts: number | null, bytes: number | null, };

export type UploadRef = { key: string, upload_id: string, };

export type AccelerationView = { 
/**
 * `off` (never configured), `enabled` or `suspended`; null when it cannot be used here.
 */
status: string | null, 
/**
 * Why it cannot be used for this bucket, when it cannot.
 */
unavailable: string | null, 
/**
 * This connection's transfers go through the accelerate endpoint where it is on.
 */
used_by_connection: boolean, };

export type AccelerationComparison = { regional_mib_s: number, accelerated_mib_s: number, sample_bytes: number, };

export type BlockFlags = { block_public_acls: boolean, ignore_public_acls: boolean, block_public_policy: boolean, restrict_public_buckets: boolean, };

export type AccessView = { 
/**
 * null: this endpoint has no Block Public Access.
 */
block: BlockFlags | null, 
/**
 * The saved policy; null when there is none.
 */
policy: string | null, 
/**
 * The bucket ACL's grants; null when the endpoint would not say.
 */
grants: Array<GrantView> | null, 
/**
 * BucketOwnerEnforced, BucketOwnerPreferred or ObjectWriter; null when not reported.
 */
ownership: string | null, public: boolean | null, 
/**
 * "Public: the bucket policy lets anyone in (statement 2), and Block Public Access is off."
 */
sentence: string, };

export type ExposureView = { 
/**
 * null when the endpoint would not say enough to know.
 */
public: boolean | null, sentence: string, };

export type PolicyFinding = { 
/**
 * An error keeps the policy from being saved; a warning asks for a second look.
 */
error: boolean, message: string, line: number | null, column: number | null, statement: number | null, };

export type PolicyTemplate = { "kind": "public_read_bucket" } | { "kind": "public_read_object", key: string, } | { "kind": "cross_account", account_id: string, } | { "kind": "deny_insecure_transport" };

export type GrantView = { grantee: string, permission: string, };

export type ObjectRow = { key: string, size: number, last_modified_ms: number | null, storage_class: string | null, };

export type ObjectPage = { 
/**
 * Common prefixes, each ending in `/`.
 */
folders: Array<string>, objects: Array<ObjectRow>, 
/**
 * Pass back to get the next page; null on the last one.
 */
next: string | null, 
/**
 * The server stopped the listing without a way to continue (a store that caps listings).
 */
cut_short: boolean, };

export type ObjectInfo = { key: string, size: number, etag: string | null, content_type: string | null, last_modified_ms: number | null, storage_class: string | null, version_id: string | null, checksum: string | null, metadata: { [key in string]: string }, };

export type KeyCount = { keys: number, 
/**
 * false when counting stopped at its time limit: "at least".
 */
complete: boolean, };

export type VersionRow = { key: string, version_id: string | null, is_latest: boolean, delete_marker: boolean, size: number, last_modified_ms: number | null, };

export type VersionsFrom = { key_marker: string, version_id_marker: string | null, };

export type VersionToDelete = { key: string, version_id: string, };

export type VersionListing = { folders: Array<string>, versions: Array<VersionRow>, next: VersionsFrom | null, };

export type CopyItemInput = { source: string, target: string, };

export type CopyProgress = { copied: number, failed: number, bytes: number, };

export type ObjectFailure = { key: string, version_id: string | null, error: ErrorPayload, };

export type SyncDirection = "up" | "down";

export type SyncCompare = "size_and_time" | "content" | "size";

export type SyncOptionsInput = { compare: SyncCompare, 
/**
 * Delete what the destination has and the source does not.
 */
delete: boolean, 
/**
 * Globs left out (`*.tmp`, `node_modules`, `.git/`).
 */
excludes: Array<string>, 
/**
 * Also sync names starting with a dot.
 */
hidden: boolean, };

export type SyncAction = "new" | "changed" | "extra" | "same";

export type SyncItemView = { name: string, action: SyncAction, 
/**
 * The source's bytes (the destination's, for an extra).
 */
size: number, 
/**
 * Why content was compared by size and time instead.
 */
note: string | null, };

export type SyncTotals = { new: number, changed: number, extra: number, deleted: number, same: number, problems: number, bytes: number, requests_made: number, requests_to_make: number, };

export type SyncPlanView = { id: string, direction: SyncDirection, totals: SyncTotals, items: Array<SyncItemView>, 
/**
 * Names left out, with why (keys that collide, files that cannot be read…).
 */
problems: Array<ObjectFailure>, 
/**
 * Deleted objects stay as older versions.
 */
versioned: boolean, empty_folders: number, };

export type SyncReportView = { done: number, failed: number, stopped: number, deleted: number, 
/**
 * Extras that could not be deleted, with why.
 */
failures: Array<ObjectFailure>, 
/**
 * Extras left because a transfer failed or the run was stopped.
 */
deletes_skipped: number, };

export type CopyReport = { progress: CopyProgress, failures: Array<ObjectFailure>, cancelled: boolean, };

export type TagChangeInput = { "kind": "put", key: string, value: string, } | { "kind": "remove", key: string, };

export type TagChangeReport = { changed: number, failures: Array<ObjectFailure>, cancelled: boolean, };

export type ObjectTags = { key: string, 
/**
 * null when they could not be read; `problem` says why.
 */
tags: Array<[string, string]> | null, problem: string | null, };

export type QueuedFile = { 
/**
 * Unique in the app: the batch's id, `:`, the file's number.
 */
id: string, bucket: string, key: string, 
/**
 * The local file: the source of an upload, the destination of a download.
 */
path: string, 
/**
 * Bytes; unknown (0) for a download until it starts.
 */
size: number, 
/**
 * Sent through the S3 Transfer Acceleration endpoint.
 */
accelerated: boolean, };

export type FileBytes = { id: string, bytes: number, };

export type Outcome = { "state": "done", size: number, 
/**
 * Parts sent by this run, when the object went in parts.
 */
parts_sent: number, parts: number, } | { "state": "failed", error: ErrorPayload, 
/**
 * An upload that can be resumed (its journal id): the parts sent so far are kept.
 */
resumable: string | null, } | { "state": "cancelled" } | { "state": "paused", resumable: string | null, };

export type TransferEvent = { "kind": "queued", files: Array<QueuedFile>, } | { "kind": "started", id: string, size: number, } | { "kind": "progress", files: Array<FileBytes>, } | { "kind": "finished", id: string, outcome: Outcome, };

export type UploadOptionsInput = { 
/**
 * `null` keeps the bucket's default (STANDARD).
 */
storage_class: string | null, 
/**
 * `null` guesses from each file's extension.
 */
content_type: string | null, metadata: Array<[string, string]>, tags: Array<[string, string]>, };

export type TransferSettings = { part_size_mib: number, concurrency: number, };

export type DownloadObject = { key: string, version_id: string | null, destination: string, 
/**
 * The size the listing showed, for progress before the download starts.
 */
size: number, };

export type DownloadFolder = { prefix: string, destination: string, };

export type UnfinishedUpload = { id: string, connection: ConnectionKey, bucket: string, region: string, key: string, source: string, size: number, 
/**
 * Bytes in the parts journalled as sent.
 */
sent: number, started_ms: number, };

export type UnfinishedDownloadView = { connection: ConnectionKey, bucket: string, region: string, key: string, version_id: string | null, destination: string, overwrite: boolean, size: number, started_ms: number, };

export type DropEvent = { "kind": "enter" } | { "kind": "leave" } | { "kind": "drop", paths: Array<string>, };

export type SharedLink = { url: string, expires_at_ms: number, 
/**
 * Shorter than asked: the signing credentials are temporary and expire first.
 */
shortened_by_credentials: boolean, 
/**
 * Upload links: a curl command that works with this link.
 */
curl: string | null, };

export type UrlUploadProgress = { bytes: number, size: number, };
