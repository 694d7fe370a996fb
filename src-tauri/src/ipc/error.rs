//! The one error that crosses to the UI: `{code, message, hint}`. The code is a closed set
//! the UI can switch on; message and hint are sentences for a person.

use s3desk_engine::ErrorKind;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidInput,
    DuplicateName,
    ConnectionNotFound,
    KeychainUnavailable,
    SecretMissing,
    ConfigFile,
    ProfileUnusable,
    InvalidAccessKey,
    SignatureMismatch,
    ExpiredCredentials,
    AccessDenied,
    NoSuchBucket,
    NoSuchKey,
    BucketAlreadyExists,
    BucketAlreadyOwnedByYou,
    InvalidBucketName,
    BucketNotEmpty,
    AclNotAllowed,
    TooManyBuckets,
    PublicAccessBlocked,
    NotSupported,
    Unreachable,
    LocalFile,
    Cancelled,
    Paused,
    ChangedMeanwhile,
    AlreadyExists,
    UnreadableAnswer,
    Service,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    pub hint: Option<String>,
    /// The form field at fault, for `invalid_input`.
    pub field: Option<String>,
    /// What a report of the problem would quote (operation, HTTP status, S3's own error
    /// code), shown folded away under the sentence.
    #[ts(optional = nullable)]
    pub detail: Option<String>,
}

impl From<s3desk_engine::Error> for ErrorPayload {
    fn from(e: s3desk_engine::Error) -> Self {
        Self::from(&e)
    }
}

impl From<&s3desk_engine::Error> for ErrorPayload {
    fn from(e: &s3desk_engine::Error) -> Self {
        let mut field = None;
        let code = match e.kind() {
            ErrorKind::InvalidInput { field: f } => {
                field = Some((*f).to_owned());
                ErrorCode::InvalidInput
            }
            ErrorKind::DuplicateName => ErrorCode::DuplicateName,
            ErrorKind::ConnectionNotFound => ErrorCode::ConnectionNotFound,
            ErrorKind::KeychainUnavailable => ErrorCode::KeychainUnavailable,
            ErrorKind::SecretMissing => ErrorCode::SecretMissing,
            ErrorKind::ConfigFile => ErrorCode::ConfigFile,
            ErrorKind::ProfileUnusable => ErrorCode::ProfileUnusable,
            ErrorKind::InvalidAccessKey => ErrorCode::InvalidAccessKey,
            ErrorKind::SignatureMismatch => ErrorCode::SignatureMismatch,
            ErrorKind::ExpiredCredentials => ErrorCode::ExpiredCredentials,
            ErrorKind::AccessDenied { .. } => ErrorCode::AccessDenied,
            ErrorKind::NoSuchBucket => ErrorCode::NoSuchBucket,
            ErrorKind::NoSuchKey => ErrorCode::NoSuchKey,
            ErrorKind::BucketAlreadyExists => ErrorCode::BucketAlreadyExists,
            ErrorKind::BucketAlreadyOwnedByYou => ErrorCode::BucketAlreadyOwnedByYou,
            ErrorKind::InvalidBucketName => ErrorCode::InvalidBucketName,
            ErrorKind::BucketNotEmpty => ErrorCode::BucketNotEmpty,
            ErrorKind::AclNotAllowed => ErrorCode::AclNotAllowed,
            ErrorKind::TooManyBuckets => ErrorCode::TooManyBuckets,
            ErrorKind::PublicAccessBlocked => ErrorCode::PublicAccessBlocked,
            ErrorKind::NotSupported => ErrorCode::NotSupported,
            ErrorKind::Unreachable => ErrorCode::Unreachable,
            ErrorKind::LocalFile => ErrorCode::LocalFile,
            ErrorKind::Cancelled => ErrorCode::Cancelled,
            ErrorKind::Paused => ErrorCode::Paused,
            ErrorKind::ChangedMeanwhile => ErrorCode::ChangedMeanwhile,
            ErrorKind::AlreadyExists => ErrorCode::AlreadyExists,
            ErrorKind::UnreadableAnswer => ErrorCode::UnreadableAnswer,
            ErrorKind::Service { .. } => ErrorCode::Service,
        };
        Self {
            code,
            message: e.message().to_owned(),
            hint: window_hint(e.kind()).or(e.hint()).map(str::to_owned),
            field,
            detail: e.detail().map(str::to_owned),
        }
    }
}

/// The fix in the window's own words, where it is a control of the window. (The engine's
/// hints name none: `s3desk` words the same fixes with its flags.)
fn window_hint(kind: &ErrorKind) -> Option<&'static str> {
    match kind {
        ErrorKind::BucketAlreadyExists => Some("Pick another name; \"Make it unique\" adds a random suffix."),
        ErrorKind::BucketAlreadyOwnedByYou => Some("Open it from the bucket list, or pick another name."),
        ErrorKind::SecretMissing => Some("Edit the connection and enter its secret access key again."),
        ErrorKind::SignatureMismatch => Some(
            "Edit the connection and enter the secret key again; it was shown only once, when the key was created.",
        ),
        ErrorKind::AlreadyExists => Some("Download it into another folder, or move the file that is in the way."),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use s3desk_engine::Error;

    #[test]
    fn the_json_shape_is_pinned() {
        let payload = ErrorPayload::from(
            Error::new(ErrorKind::AccessDenied { permission: "s3:ListAllMyBuckets" }, "Access denied.")
                .with_hint("Ask for it."),
        );
        assert_eq!(
            serde_json::to_value(&payload).unwrap(),
            serde_json::json!({"code": "access_denied", "message": "Access denied.", "hint": "Ask for it.", "field": null, "detail": null}),
            "the UI reads exactly these keys and snake_case codes"
        );
    }

    #[test]
    fn the_window_words_a_fix_with_its_own_controls() {
        let engine = Error::new(ErrorKind::BucketAlreadyExists, "Taken.").with_hint("Pick another name.");
        assert_eq!(
            ErrorPayload::from(engine).hint.as_deref(),
            Some("Pick another name; \"Make it unique\" adds a random suffix.")
        );
        let plain = Error::new(ErrorKind::NoSuchBucket, "Gone.").with_hint("It may have been deleted.");
        assert_eq!(
            ErrorPayload::from(plain).hint.as_deref(),
            Some("It may have been deleted."),
            "others keep the engine's"
        );
    }

    #[test]
    fn invalid_input_names_the_field() {
        let payload = ErrorPayload::from(Error::invalid("endpoint_url", "Bad URL."));
        assert_eq!(payload.code, ErrorCode::InvalidInput);
        assert_eq!(payload.field.as_deref(), Some("endpoint_url"));
        assert_eq!(payload.hint, None);
    }
}
