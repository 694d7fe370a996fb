//! Bucket policy templates with the bucket filled in: public read of the whole bucket, of
//! one object, access for another AWS account, and refusing requests without TLS.

use serde_json::{json, Value};

use crate::error::{Error, Result};

fn policy(statements: Vec<Value>) -> String {
    serde_json::to_string_pretty(&json!({ "Version": "2012-10-17", "Statement": statements }))
        .expect("a policy always serializes")
}

pub fn public_read_bucket(bucket: &str) -> String {
    policy(vec![json!({
        "Sid": "PublicReadObjects",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": format!("arn:aws:s3:::{bucket}/*"),
    })])
}

pub fn public_read_object(bucket: &str, key: &str) -> String {
    policy(vec![json!({
        "Sid": "PublicReadOneObject",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": format!("arn:aws:s3:::{bucket}/{key}"),
    })])
}

/// Read and write for another AWS account, named by its 12-digit id.
pub fn cross_account(bucket: &str, account_id: &str) -> Result<String> {
    let account_id = account_id.trim();
    if account_id.len() != 12 || !account_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid("account_id", "An AWS account id is 12 digits, e.g. 123456789012."));
    }
    Ok(policy(vec![json!({
        "Sid": "CrossAccountAccess",
        "Effect": "Allow",
        "Principal": { "AWS": format!("arn:aws:iam::{account_id}:root") },
        "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
        "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
    })]))
}

pub fn deny_insecure_transport(bucket: &str) -> String {
    policy(vec![json!({
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": [format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")],
        "Condition": { "Bool": { "aws:SecureTransport": "false" } },
    })])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::policy::{check, Severity};

    fn errors(text: &str) -> Vec<String> {
        check(text, "photos").into_iter().filter(|f| f.severity == Severity::Error).map(|f| f.message).collect()
    }

    #[test]
    fn every_template_is_a_valid_policy_for_its_bucket() {
        assert_eq!(errors(&public_read_bucket("photos")), Vec::<String>::new());
        assert_eq!(errors(&public_read_object("photos", "cats/tom.jpg")), Vec::<String>::new());
        assert_eq!(errors(&cross_account("photos", "123456789012").unwrap()), Vec::<String>::new());
        assert_eq!(errors(&deny_insecure_transport("photos")), Vec::<String>::new());
        assert!(public_read_object("photos", "cats/tom.jpg").contains("arn:aws:s3:::photos/cats/tom.jpg"));
        let warnings = check(&public_read_bucket("photos"), "photos");
        assert!(warnings.iter().any(|f| f.message.contains("becomes public")), "public read is called out");
        assert!(check(&deny_insecure_transport("photos"), "photos").is_empty(), "a Deny to * is not public");
    }

    #[test]
    fn account_ids_are_twelve_digits() {
        assert!(cross_account("photos", "12345678901").is_err());
        assert!(cross_account("photos", "12345678901a").is_err());
        assert!(cross_account("photos", " 123456789012 ").is_ok());
    }
}
