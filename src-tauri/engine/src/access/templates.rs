//! Bucket policy templates with the bucket filled in: public read of the whole bucket, of
//! one object, access for another AWS account, and refusing requests without TLS.

use serde::Serialize;
use serde_json::{json, Value};

use crate::error::{Error, Result};

// Structs rather than `json!` objects, whose keys come out sorted ("Statement" before
// "Version", "Sid" last): these keep the order AWS writes policies in, which is the order
// people read them in.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Policy {
    version: &'static str,
    statement: Vec<Statement>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct Statement {
    sid: &'static str,
    effect: &'static str,
    principal: Value,
    action: Value,
    resource: Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    condition: Option<Value>,
}

fn policy(statements: Vec<Statement>) -> String {
    serde_json::to_string_pretty(&Policy { version: "2012-10-17", statement: statements })
        .expect("a policy always serializes")
}

pub fn public_read_bucket(bucket: &str) -> String {
    policy(vec![Statement {
        sid: "PublicReadObjects",
        effect: "Allow",
        principal: json!("*"),
        action: json!("s3:GetObject"),
        resource: json!(format!("arn:aws:s3:::{bucket}/*")),
        condition: None,
    }])
}

pub fn public_read_object(bucket: &str, key: &str) -> String {
    policy(vec![Statement {
        sid: "PublicReadOneObject",
        effect: "Allow",
        principal: json!("*"),
        action: json!("s3:GetObject"),
        resource: json!(format!("arn:aws:s3:::{bucket}/{key}")),
        condition: None,
    }])
}

/// Read and write for another AWS account, named by its 12-digit id.
pub fn cross_account(bucket: &str, account_id: &str) -> Result<String> {
    let account_id = account_id.trim();
    if account_id.len() != 12 || !account_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::invalid("account_id", "An AWS account id is 12 digits, e.g. 123456789012."));
    }
    Ok(policy(vec![Statement {
        sid: "CrossAccountAccess",
        effect: "Allow",
        principal: json!({ "AWS": format!("arn:aws:iam::{account_id}:root") }),
        action: json!(["s3:GetObject", "s3:PutObject", "s3:ListBucket"]),
        resource: json!([format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")]),
        condition: None,
    }]))
}

pub fn deny_insecure_transport(bucket: &str) -> String {
    policy(vec![Statement {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        principal: json!("*"),
        action: json!("s3:*"),
        resource: json!([format!("arn:aws:s3:::{bucket}"), format!("arn:aws:s3:::{bucket}/*")]),
        condition: Some(json!({ "Bool": { "aws:SecureTransport": "false" } })),
    }])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::policy::{check, Severity};

    fn errors(text: &str) -> Vec<String> {
        check(text, "photos").into_iter().filter(|f| f.severity == Severity::Error).map(|f| f.message).collect()
    }

    #[test]
    fn keys_come_in_the_order_aws_writes_them() {
        let text = deny_insecure_transport("photos");
        let at = |key: &str| text.find(&format!("\"{key}\"")).unwrap_or_else(|| panic!("{key} in {text}"));
        let order = ["Version", "Statement", "Sid", "Effect", "Principal", "Action", "Resource", "Condition"];
        let positions: Vec<usize> = order.iter().map(|k| at(k)).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{order:?} in that order:\n{text}");
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
