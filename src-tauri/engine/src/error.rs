//! One error type for every engine operation.
//!
//! Each error has a [`ErrorKind`] that callers switch on (the UI maps it to a closed code,
//! the retry logic decides by it), a sentence saying what happened and, where there is one,
//! a sentence saying how to fix it. Kinds come from S3's error codes
//! (`ProvideErrorMetadata::code()`), never from matching message text.

use std::fmt;

use aws_sdk_s3::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::ConnectorError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

type Source = Box<dyn std::error::Error + Send + Sync + 'static>;

// Not `#[non_exhaustive]`: the app maps every kind to a code the window switches on, and a
// new kind must make that mapping fail to compile rather than fall into a catch-all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// A value the user gave is not acceptable; `field` names it.
    InvalidInput {
        field: &'static str,
    },
    /// A saved connection already has this name.
    DuplicateName,
    /// No saved connection or profile has this id.
    ConnectionNotFound,
    /// The OS keychain (Secret Service, Keychain, Credential Manager) cannot be reached.
    KeychainUnavailable,
    /// The keychain answered but holds no secret for this connection.
    SecretMissing,
    /// The connections file cannot be read or written.
    ConfigFile,
    /// An AWS profile's credentials could not be loaded (expired SSO session, bad file).
    ProfileUnusable,
    /// The server does not know this access key id.
    InvalidAccessKey,
    /// The server knows the key id, but the secret does not match.
    SignatureMismatch,
    /// Temporary credentials have expired.
    ExpiredCredentials,
    /// The credentials lack a permission; `permission` is the IAM action the call needs.
    AccessDenied {
        permission: &'static str,
    },
    NoSuchBucket,
    NoSuchKey,
    /// Another AWS account owns a bucket with this name (names are global).
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    /// The server refused the bucket name.
    InvalidBucketName,
    /// The bucket still holds objects, versions, delete markers or unfinished uploads.
    BucketNotEmpty,
    /// ACLs are disabled on this bucket (Object Ownership: bucket owner enforced), or the
    /// ACL asked for conflicts with its Object Ownership.
    AclNotAllowed,
    TooManyBuckets,
    /// Block Public Access refused a public ACL or policy.
    PublicAccessBlocked,
    /// The endpoint does not implement this feature (e.g. Block Public Access on SeaweedFS).
    NotSupported,
    /// The endpoint could not be reached: no network, wrong URL, server down, timeout.
    Unreachable,
    /// A local file or folder cannot be read or written (missing, permission denied, disk
    /// full), or changed while it was being uploaded.
    LocalFile,
    /// The user cancelled the operation.
    Cancelled,
    /// The user paused a transfer; it can be resumed.
    Paused,
    /// Someone else changed what was about to be replaced (a bucket policy) since it was read.
    ChangedMeanwhile,
    /// A local file is in the way of a download that may not replace it.
    AlreadyExists,
    /// The server said yes (2xx), but its answer is not what S3 sends for this operation, so
    /// it could not be read. Nothing was refused.
    UnreadableAnswer,
    /// Any other error the server returned, with its S3 code.
    Service {
        code: String,
    },
}

#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    hint: Option<String>,
    detail: Option<String>,
    source: Option<Source>,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, message: message.into(), hint: None, detail: None, source: None }
    }

    pub fn invalid(field: &'static str, message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidInput { field }, message)
    }

    /// The same error, said otherwise (its kind, hint and detail kept).
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// What a person reporting the problem would quote: the operation, the HTTP status, the
    /// server's own error code, the raw reason an answer could not be read.
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn with_source(mut self, source: impl Into<Source>) -> Self {
        self.source = Some(source.into());
        self
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// What happened, as a sentence for a person.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// How to fix it, as a sentence for a person, where there is something to do.
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    pub fn detail(&self) -> Option<&str> {
        self.detail.as_deref()
    }
}

impl Error {
    /// A local file problem, with the OS's own words for it.
    pub fn local_file(what: impl fmt::Display, path: &std::path::Path, io: std::io::Error) -> Self {
        let hint = match io.kind() {
            std::io::ErrorKind::NotFound => "Check that the file still exists; it may have been moved or deleted.",
            std::io::ErrorKind::PermissionDenied => {
                "Check the file's permissions, or choose a folder you can write to."
            }
            std::io::ErrorKind::StorageFull => "Free some disk space, or choose another disk.",
            _ => "Check the file and the disk, then retry.",
        };
        Self::new(ErrorKind::LocalFile, format!("{what} {}: {io}.", path.display())).with_hint(hint).with_source(io)
    }

    pub fn cancelled() -> Self {
        Self::new(ErrorKind::Cancelled, "Cancelled.")
    }

    /// A local write failed because the disk (or the user's quota) is full.
    pub fn is_disk_full(&self) -> bool {
        let io = self.source.as_deref().and_then(|s| s.downcast_ref::<std::io::Error>());
        self.kind == ErrorKind::LocalFile
            && io.is_some_and(|io| {
                io.kind() == std::io::ErrorKind::StorageFull || io.kind() == std::io::ErrorKind::QuotaExceeded
            })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|e| e as _)
    }
}

/// What an S3 call was doing, so that its errors can name the permission and the target.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The IAM action the call needs, e.g. `s3:ListAllMyBuckets`.
    pub permission: &'static str,
    /// The endpoint the call went to, for "could not reach …".
    pub endpoint: &'a str,
    /// The bucket, when the call is about one.
    pub bucket: Option<&'a str>,
    /// The object, when the call is about one.
    pub key: Option<&'a str>,
}

/// Turns an SDK error into an engine error, deciding the kind by the S3 error code or,
/// for responses without a body (HEAD), by the HTTP status.
pub fn from_sdk<E>(err: SdkError<E, HttpResponse>, call: Call<'_>) -> Error
where
    E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
{
    let code = err.code().map(str::to_owned);
    let status = err.raw_response().map(|r| r.status().as_u16());
    let operation = operation_name::<E>();
    let detail = match (status, code.as_deref()) {
        (Some(status), Some(code)) => format!("{operation}: HTTP {status}, S3 error code {code}."),
        (Some(status), None) => format!("{operation}: HTTP {status}, no S3 error code."),
        (None, _) => format!("{operation}: no answer."),
    };
    if let (SdkError::ServiceError(_), None, Some(200..=299)) = (&err, code.as_deref(), status) {
        // A 2xx whose body is not what S3 sends for the operation: the SDK could not read it.
        let why = aws_smithy_types::error::display::DisplayErrorContext(&err).to_string();
        return Error::new(
            ErrorKind::UnreadableAnswer,
            format!("The server answered {operation} (HTTP {}), but its answer could not be read.", status.unwrap_or(200)),
        )
        .with_hint("The endpoint may not speak this part of the S3 API as Amazon S3 does, or something between here and it changed the answer.")
        .with_detail(format!("{detail} {why}"))
        .with_source(err);
    }
    let kind = match (&err, code.as_deref()) {
        (SdkError::DispatchFailure(d), _) => {
            let why = connector_failure(d.as_connector_error());
            return unreachable_error(why, call.endpoint).with_detail(detail).with_source(err);
        }
        (SdkError::TimeoutError(_), _) => {
            return unreachable_error(STOPPED_ANSWERING, call.endpoint).with_detail(detail).with_source(err)
        }
        // The connection broke while the answer was being read.
        (SdkError::ResponseError(_), _) => {
            return unreachable_error(NO_RESPONSE, call.endpoint).with_detail(detail).with_source(err)
        }
        (_, Some(code)) => kind_for_code(code, call),
        (_, None) => match status {
            Some(403) => ErrorKind::AccessDenied { permission: call.permission },
            Some(404) if call.key.is_some() => ErrorKind::NoSuchKey,
            Some(404) if call.bucket.is_some() => ErrorKind::NoSuchBucket,
            _ => ErrorKind::Service { code: status.map_or("Unknown".into(), |s| format!("HTTP {s}")) },
        },
    };
    let server_says = err.message().map(str::to_owned);
    describe(kind, call, server_says).with_detail(detail).with_source(err)
}

/// The error S3 gave for one key of a batch call (DeleteObjects answers 200 with a code and
/// message for each key it refused), typed as if that key's own call had failed.
pub fn from_code(code: &str, server_says: Option<&str>, call: Call<'_>) -> Error {
    let detail = format!("S3 error code {code}{}", server_says.map_or(String::new(), |s| format!(": {s}")));
    describe(kind_for_code(code, call), call, server_says.map(str::to_owned)).with_detail(detail)
}

/// The S3 operation an SDK error type belongs to: `GetBucketVersioning` for
/// `aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningError`.
fn operation_name<E>() -> &'static str {
    let name = std::any::type_name::<E>();
    let last = name.rsplit("::").next().unwrap_or(name);
    last.strip_suffix("Error").filter(|op| !op.is_empty()).unwrap_or(last)
}

fn kind_for_code(code: &str, call: Call<'_>) -> ErrorKind {
    let permission = call.permission;
    match code {
        "InvalidAccessKeyId" | "InvalidClientTokenId" => ErrorKind::InvalidAccessKey,
        "SignatureDoesNotMatch" => ErrorKind::SignatureMismatch,
        "ExpiredToken" | "ExpiredTokenException" | "TokenRefreshRequired" => ErrorKind::ExpiredCredentials,
        "AccessDenied" | "AllAccessDisabled" => ErrorKind::AccessDenied { permission },
        "NoSuchBucket" => ErrorKind::NoSuchBucket,
        "NoSuchKey" => ErrorKind::NoSuchKey,
        // HeadObject and HeadBucket answer 404 without a body; the SDK names it NotFound.
        "NotFound" if call.key.is_some() => ErrorKind::NoSuchKey,
        "NotFound" if call.bucket.is_some() => ErrorKind::NoSuchBucket,
        "BucketAlreadyExists" => ErrorKind::BucketAlreadyExists,
        "BucketAlreadyOwnedByYou" => ErrorKind::BucketAlreadyOwnedByYou,
        "InvalidBucketName" => ErrorKind::InvalidBucketName,
        "BucketNotEmpty" => ErrorKind::BucketNotEmpty,
        "AccessControlListNotSupported" | "InvalidBucketAclWithObjectOwnership" => ErrorKind::AclNotAllowed,
        "TooManyBuckets" => ErrorKind::TooManyBuckets,
        "InvalidBucketAclWithBlockPublicAccessError" => ErrorKind::PublicAccessBlocked,
        "NotImplemented" | "XNotImplemented" => ErrorKind::NotSupported,
        other => ErrorKind::Service { code: other.to_owned() },
    }
}

fn describe(kind: ErrorKind, call: Call<'_>, server_says: Option<String>) -> Error {
    let bucket = call.bucket.unwrap_or("the bucket");
    let (message, hint) = match &kind {
        ErrorKind::InvalidAccessKey => (
            "The server does not recognise this access key id.".to_owned(),
            Some("Check the access key id for typos, and that the key is active and belongs to this endpoint.".to_owned()),
        ),
        ErrorKind::SignatureMismatch => (
            "The secret access key does not match the access key id.".to_owned(),
            Some("Enter the connection's secret key again; it was shown only once, when the key was created.".to_owned()),
        ),
        ErrorKind::ExpiredCredentials => (
            "These temporary credentials have expired.".to_owned(),
            Some("Sign in again (for SSO: `aws sso login`) or refresh the session token.".to_owned()),
        ),
        ErrorKind::AccessDenied { permission } => (
            format!("Access denied: these credentials lack the permission {permission}."),
            Some(format!("Ask your administrator to allow {permission} for this user or role, or use credentials that have it.")),
        ),
        ErrorKind::NoSuchBucket => (
            format!("The bucket {bucket} does not exist."),
            Some("It may have been deleted, or the name is misspelled.".to_owned()),
        ),
        ErrorKind::NoSuchKey => (
            format!("The object {} does not exist in {bucket}.", call.key.unwrap_or("asked for")),
            Some("It may have been deleted or renamed; refresh the listing.".to_owned()),
        ),
        ErrorKind::BucketAlreadyExists => (
            format!("The name {bucket} is taken by another AWS account: bucket names are shared by all accounts."),
            Some("Pick another name; a random suffix makes a name unique.".to_owned()),
        ),
        ErrorKind::BucketAlreadyOwnedByYou => (
            format!("You already own a bucket named {bucket}."),
            Some("Use that bucket, or pick another name.".to_owned()),
        ),
        ErrorKind::InvalidBucketName => (
            format!("The server refused the bucket name {bucket}{}", server_says.map_or(".".to_owned(), |s| format!(": {s}"))),
            Some("Use 3 to 63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.".to_owned()),
        ),
        ErrorKind::BucketNotEmpty => (
            format!("The bucket {bucket} is not empty."),
            Some("Empty it first: objects, old versions, delete markers and unfinished multipart uploads all count.".to_owned()),
        ),
        ErrorKind::AclNotAllowed => (
            format!("The bucket {bucket} does not accept this ACL: ACLs are disabled by its Object Ownership setting (bucket owner enforced)."),
            Some("Grant access with a bucket policy instead, or choose Object Ownership \"Bucket owner preferred\" or \"Object writer\" to use ACLs.".to_owned()),
        ),
        ErrorKind::TooManyBuckets => (
            "The account has reached its limit on the number of buckets.".to_owned(),
            Some("Delete buckets you no longer need, or ask AWS for a higher quota in Service Quotas.".to_owned()),
        ),
        ErrorKind::PublicAccessBlocked => (
            format!("Block Public Access refused to make {bucket} public."),
            Some("New Amazon S3 buckets block public access while they are created: create the bucket private, then turn off the Block Public Access settings that stand in the way and grant access (a bucket policy is the recommended way).".to_owned()),
        ),
        ErrorKind::NotSupported => (
            format!("This endpoint does not support the request ({}).", call.permission),
            Some("S3-compatible stores implement only part of S3; this feature is not available here.".to_owned()),
        ),
        ErrorKind::Service { code } => (
            match server_says {
                Some(says) => format!("The server refused the request ({code}): {says}"),
                None => format!("The server refused the request ({code})."),
            },
            None,
        ),
        _ => (server_says.unwrap_or_else(|| "The request failed.".to_owned()), None),
    };
    let error = Error::new(kind, message);
    match hint {
        Some(hint) => error.with_hint(hint),
        None => error,
    }
}

/// Why nothing usable came back, as the end of "Could not reach ENDPOINT: …".
const STOPPED_ANSWERING: &str = "it stopped answering (nothing came back within the time limit)";
const NO_RESPONSE: &str = "no response came back";

fn connector_failure(connector: Option<&ConnectorError>) -> &'static str {
    match connector {
        Some(c) if c.is_timeout() => STOPPED_ANSWERING,
        Some(c) if c.is_io() => "the connection was refused or dropped",
        _ => NO_RESPONSE,
    }
}

fn unreachable_error(why: &str, endpoint: &str) -> Error {
    Error::new(ErrorKind::Unreachable, format!("Could not reach {endpoint}: {why}."))
        .with_hint("Check your network connection and the endpoint URL, and that the server is running.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(permission: &'static str) -> Call<'static> {
        Call { permission, endpoint: "http://127.0.0.1:1", bucket: Some("b"), key: None }
    }

    #[test]
    fn codes_map_to_kinds_not_messages() {
        assert_eq!(kind_for_code("InvalidAccessKeyId", call("s3:X")), ErrorKind::InvalidAccessKey);
        assert_eq!(kind_for_code("SignatureDoesNotMatch", call("s3:X")), ErrorKind::SignatureMismatch);
        assert_eq!(
            kind_for_code("AccessDenied", call("s3:ListAllMyBuckets")),
            ErrorKind::AccessDenied { permission: "s3:ListAllMyBuckets" },
            "AccessDenied must carry the permission the call needed"
        );
        assert_eq!(
            kind_for_code("SlowDown", call("s3:X")),
            ErrorKind::Service { code: "SlowDown".into() },
            "unknown codes keep their S3 code"
        );
    }

    #[test]
    fn operations_are_named_from_their_error_type() {
        use aws_sdk_s3::operation::get_bucket_versioning::GetBucketVersioningError;
        use aws_sdk_s3::operation::list_objects_v2::ListObjectsV2Error;
        assert_eq!(operation_name::<GetBucketVersioningError>(), "GetBucketVersioning");
        assert_eq!(operation_name::<ListObjectsV2Error>(), "ListObjectsV2");
    }
}
