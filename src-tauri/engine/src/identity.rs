//! Who the credentials belong to (STS GetCallerIdentity), to warn about root access keys.

use crate::error::{from_sdk, Call, Result};
use crate::session::Session;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallerIdentity {
    pub account: String,
    pub arn: String,
    /// The keys are the AWS account root user's: they can do anything, including close the
    /// account, and cannot be limited by IAM policies.
    pub is_root: bool,
}

/// The caller's identity. S3-compatible stores rarely implement STS, so for a custom
/// endpoint any failure means "unknown" (`None`) rather than an error.
pub async fn caller_identity(session: &Session) -> Result<Option<CallerIdentity>> {
    let result = session.sts().get_caller_identity().send().await;
    let out = match result {
        Ok(out) => out,
        Err(_) if session.endpoint().is_some() => return Ok(None),
        Err(e) => {
            let endpoint = session.endpoint_label();
            return Err(from_sdk(
                e,
                Call { permission: "sts:GetCallerIdentity", endpoint: &endpoint, bucket: None, key: None },
            ));
        }
    };
    let arn = out.arn.unwrap_or_default();
    Ok(Some(CallerIdentity { account: out.account.unwrap_or_default(), is_root: is_root_arn(&arn), arn }))
}

/// `arn:aws:iam::123456789012:root` (and the same in other partitions).
fn is_root_arn(arn: &str) -> bool {
    arn.starts_with("arn:") && arn.ends_with(":root")
}

#[cfg(test)]
mod tests {
    use super::is_root_arn;

    #[test]
    fn only_the_account_root_arn_is_root() {
        assert!(is_root_arn("arn:aws:iam::123456789012:root"));
        assert!(is_root_arn("arn:aws-cn:iam::123456789012:root"));
        assert!(!is_root_arn("arn:aws:iam::123456789012:user/root"), "a user named root is an IAM user");
        assert!(!is_root_arn("arn:aws:sts::123456789012:assumed-role/Admin/me"));
    }
}
