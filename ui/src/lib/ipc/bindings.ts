// Generated from src-tauri/src/ipc by `UPDATE_BINDINGS=1 cargo test bindings`. Do not edit.

export type ErrorCode = "invalid_input" | "duplicate_name" | "connection_not_found" | "keychain_unavailable" | "secret_missing" | "config_file" | "profile_unusable" | "invalid_access_key" | "signature_mismatch" | "expired_credentials" | "access_denied" | "no_such_bucket" | "unreachable" | "service";

export type ErrorPayload = { code: ErrorCode, message: string, hint: string | null, 
/**
 * The form field at fault, for `invalid_input`.
 */
field: string | null, };

export type ConnectionKey = { "kind": "saved", id: string, } | { "kind": "aws_profile", name: string, } | { "kind": "sandbox" };

export type ConnectionEntry = { key: ConnectionKey, name: string, region: string | null, access_key_id: string | null, 
/**
 * Set for S3-compatible endpoints; absent for Amazon S3.
 */
endpoint_url: string | null, path_style: boolean, 
/**
 * Saved connections can be edited and deleted; AWS profiles and the sandbox cannot.
 */
editable: boolean, };

export type ConnectionDraftInput = { name: string, access_key_id: string, 
/**
 * Empty when editing keeps the stored secret.
 */
secret_access_key: string, region: string, endpoint_url: string, path_style: boolean, };

export type Bucket = { name: string, region: string | null, 
/**
 * Milliseconds since the Unix epoch.
 */
created_ms: number | null, };

export type Identity = { account: string, arn: string, is_root: boolean, };
