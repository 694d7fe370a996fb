//! Bucket policies: checked as they are typed — JSON with line and column, the structure S3
//! expects, resources that must name this bucket, actions that must be S3's, and `Allow` to
//! `*` called out as making things public — then read, saved (never with an error in it) and
//! deleted.

use serde_json::Value;

use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::session::Session;

/// S3's limit on a bucket policy's size.
pub const MAX_POLICY_BYTES: usize = 20 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// S3 would refuse it, or it could not do what it says: not saved.
    Error,
    /// Valid, but worth a second look (it makes objects public).
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub message: String,
    /// 1-based position of a JSON syntax error.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// 1-based number of the statement concerned.
    pub statement: Option<usize>,
}

impl Finding {
    fn error(statement: Option<usize>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, message: message.into(), line: None, column: None, statement }
    }

    fn warning(statement: Option<usize>, message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, message: message.into(), line: None, column: None, statement }
    }
}

const STATEMENT_KEYS: [&str; 9] =
    ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"];

/// Everything wrong with `text` as a policy for `bucket`, errors first.
pub fn check(text: &str, bucket: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    if text.len() > MAX_POLICY_BYTES {
        findings.push(Finding::error(None, format!("The policy is {} bytes; S3 allows at most 20 KB.", text.len())));
    }
    let root: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            findings.push(Finding {
                line: Some(e.line()),
                column: Some(e.column()),
                ..Finding::error(None, format!("Not valid JSON: {e}."))
            });
            return findings;
        }
    };
    let Some(root) = root.as_object() else {
        findings.push(Finding::error(None, "A policy is a JSON object: { \"Version\": …, \"Statement\": […] }."));
        return findings;
    };
    for key in root.keys().filter(|k| !matches!(k.as_str(), "Version" | "Id" | "Statement")) {
        findings.push(Finding::error(None, format!("\"{key}\" is not part of a policy (Version, Id, Statement).")));
    }
    match root.get("Version").and_then(Value::as_str) {
        Some("2012-10-17") => {}
        Some("2008-10-17") => findings.push(Finding::warning(
            None,
            "Version 2008-10-17 is the old policy language: policy variables do not work; use \"2012-10-17\".",
        )),
        Some(other) => findings.push(Finding::error(None, format!("Version must be \"2012-10-17\", not \"{other}\"."))),
        None => findings.push(Finding::warning(
            None,
            "No \"Version\": S3 then uses the old 2008 language; add \"Version\": \"2012-10-17\".",
        )),
    }
    let statements = match root.get("Statement") {
        Some(Value::Array(list)) if !list.is_empty() => list.iter().collect::<Vec<_>>(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => {
            findings.push(Finding::error(None, "A policy needs a \"Statement\": a list of at least one statement."));
            return sorted(findings);
        }
    };
    for (i, statement) in statements.into_iter().enumerate() {
        check_statement(statement, i + 1, bucket, &mut findings);
    }
    sorted(findings)
}

fn sorted(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|f| f.severity != Severity::Error);
    findings
}

fn check_statement(statement: &Value, n: usize, bucket: &str, findings: &mut Vec<Finding>) {
    let at = Some(n);
    let Some(statement) = statement.as_object() else {
        findings.push(Finding::error(at, format!("Statement {n} must be a JSON object.")));
        return;
    };
    for key in statement.keys().filter(|k| !STATEMENT_KEYS.contains(&k.as_str())) {
        findings.push(Finding::error(at, format!("Statement {n}: \"{key}\" is not a statement element.")));
    }
    let effect = statement.get("Effect").and_then(Value::as_str);
    if !matches!(effect, Some("Allow" | "Deny")) {
        findings.push(Finding::error(at, format!("Statement {n}: \"Effect\" must be \"Allow\" or \"Deny\".")));
    }
    let principal = statement.get("Principal").or_else(|| statement.get("NotPrincipal"));
    if principal.is_none() {
        findings.push(Finding::error(at, format!("Statement {n}: a bucket policy statement needs a \"Principal\".")));
    }
    let actions = statement.get("Action").or_else(|| statement.get("NotAction"));
    match actions.map(strings) {
        None => findings.push(Finding::error(at, format!("Statement {n} needs an \"Action\"."))),
        Some(None) => findings
            .push(Finding::error(at, format!("Statement {n}: \"Action\" must be a string or a list of strings."))),
        Some(Some(list)) => {
            for action in list.iter().filter(|a| !(*a == "*" || a.to_ascii_lowercase().starts_with("s3:"))) {
                findings.push(Finding::error(
                    at,
                    format!("Statement {n}: \"{action}\" is not an S3 action (they start with \"s3:\")."),
                ));
            }
        }
    }
    let resources = statement.get("Resource").or_else(|| statement.get("NotResource"));
    match resources.map(strings) {
        None => findings.push(Finding::error(at, format!("Statement {n} needs a \"Resource\"."))),
        Some(None) => findings
            .push(Finding::error(at, format!("Statement {n}: \"Resource\" must be a string or a list of strings."))),
        Some(Some(list)) => {
            for resource in list.iter().filter(|r| !names_bucket(r, bucket)) {
                findings.push(Finding::error(
                    at,
                    format!("Statement {n}: \"{resource}\" does not name this bucket; use arn:aws:s3:::{bucket} or arn:aws:s3:::{bucket}/…"),
                ));
            }
        }
    }
    if effect == Some("Allow") && statement.get("Principal").is_some_and(is_everyone) {
        findings.push(Finding::warning(
            at,
            format!("Statement {n} allows anyone (Principal \"*\"): what it grants becomes public."),
        ));
    }
}

fn strings(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::String(s) => Some(vec![s.clone()]),
        Value::Array(items) => items.iter().map(|v| v.as_str().map(str::to_owned)).collect(),
        _ => None,
    }
}

fn names_bucket(resource: &str, bucket: &str) -> bool {
    ["arn:aws:s3:::", "arn:aws-cn:s3:::", "arn:aws-us-gov:s3:::"].iter().any(|partition| {
        resource.strip_prefix(partition).is_some_and(|rest| rest == bucket || rest.starts_with(&format!("{bucket}/")))
    })
}

fn is_everyone(principal: &Value) -> bool {
    match principal {
        Value::String(s) => s == "*",
        Value::Object(map) => map.get("AWS").and_then(strings).is_some_and(|list| list.iter().any(|p| p == "*")),
        _ => false,
    }
}

/// The bucket's policy, or `None` when it has none.
pub async fn get(session: &Session, bucket: &str, region: &str) -> Result<Option<String>> {
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:GetBucketPolicy", endpoint: &endpoint, bucket: Some(bucket), key: None };
    match session.s3_in(region).get_bucket_policy().bucket(bucket).send().await {
        Ok(out) => Ok(out.policy),
        Err(e) => {
            let error = from_sdk(e, call);
            match error.kind() {
                ErrorKind::Service { code } if code == "NoSuchBucketPolicy" => Ok(None),
                _ => Err(error),
            }
        }
    }
}

/// S3's own verdict on the saved policy (GetBucketPolicyStatus): whether it makes the bucket
/// public, conditions and all. `None` when the bucket has no policy.
pub async fn is_public(session: &Session, bucket: &str, region: &str) -> Result<Option<bool>> {
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:GetBucketPolicyStatus", endpoint: &endpoint, bucket: Some(bucket), key: None };
    match session.s3_in(region).get_bucket_policy_status().bucket(bucket).send().await {
        Ok(out) => Ok(Some(out.policy_status().and_then(|s| s.is_public()).unwrap_or(false))),
        Err(e) => {
            let error = from_sdk(e, call);
            match error.kind() {
                ErrorKind::Service { code } if code == "NoSuchBucketPolicy" => Ok(None),
                _ => Err(error),
            }
        }
    }
}

/// Saves `text` as the policy only if the saved one is still `expected` (what the person
/// edited and compared against): another client's change is never overwritten unseen.
pub async fn replace(session: &Session, bucket: &str, region: &str, expected: Option<&str>, text: &str) -> Result<()> {
    if get(session, bucket, region).await?.as_deref() != expected {
        return Err(Error::new(
            ErrorKind::ChangedMeanwhile,
            "Someone changed this bucket's policy since you opened it; nothing was saved.",
        )
        .with_hint("Compare your version with the one saved now, then save again."));
    }
    put(session, bucket, region, text).await
}

/// Saves `text` as the bucket's policy, unless [`check`] finds an error in it.
pub async fn put(session: &Session, bucket: &str, region: &str, text: &str) -> Result<()> {
    if let Some(error) = check(text, bucket).into_iter().find(|f| f.severity == Severity::Error) {
        return Err(Error::invalid("policy", error.message));
    }
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:PutBucketPolicy", endpoint: &endpoint, bucket: Some(bucket), key: None };
    session.s3_in(region).put_bucket_policy().bucket(bucket).policy(text).send().await.map_err(|e| {
        let error = from_sdk(e, call);
        match error.kind() {
            // Block Public Access refuses a public policy with AccessDenied.
            ErrorKind::AccessDenied { .. } => error.with_hint(
                "If the policy grants public access, untick \"Block public policy\" in Block Public Access first; otherwise the credentials need s3:PutBucketPolicy.",
            ),
            _ => error,
        }
    })?;
    Ok(())
}

pub async fn delete(session: &Session, bucket: &str, region: &str) -> Result<()> {
    let endpoint = session.endpoint_label();
    let call = Call { permission: "s3:DeleteBucketPolicy", endpoint: &endpoint, bucket: Some(bucket), key: None };
    session.s3_in(region).delete_bucket_policy().bucket(bucket).send().await.map_err(|e| from_sdk(e, call))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A policy, and what the first error must say (`None`: no errors).
    type Case = (&'static str, Option<&'static str>);

    #[test]
    fn the_validator_table() {
        let cases: Vec<Case> = vec![
            // AWS's documented "read-only permission to an anonymous user" example.
            (
                r#"{"Version":"2012-10-17","Statement":[{"Sid":"PublicRead","Effect":"Allow","Principal":"*","Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":["arn:aws:s3:::photos/*"]}]}"#,
                None,
            ),
            // AWS's documented IP-restriction example (a Deny with a condition).
            (
                r#"{"Version":"2012-10-17","Id":"S3PolicyId1","Statement":[{"Sid":"IPAllow","Effect":"Deny","Principal":"*","Action":"s3:*","Resource":["arn:aws:s3:::photos","arn:aws:s3:::photos/*"],"Condition":{"NotIpAddress":{"aws:SourceIp":"192.0.2.0/24"}}}]}"#,
                None,
            ),
            (
                r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"s3:ListBucket","Resource":"arn:aws:s3:::photos"}}"#,
                None,
            ),
            ("{\"Version\": \"2012-10-17\",\n \"Statement\": [,]}", Some("Not valid JSON")),
            (r#"[]"#, Some("JSON object")),
            (r#"{"Version":"2012-10-17","Statements":[]}"#, Some("\"Statements\" is not part of a policy")),
            (r#"{"Version":"2012-10-17","Statement":[]}"#, Some("at least one statement")),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}]}"#,
                Some("\"Allow\" or \"Deny\""),
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}]}"#,
                Some("needs a \"Principal\""),
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"ec2:RunInstances","Resource":"arn:aws:s3:::photos/*"}]}"#,
                Some("not an S3 action"),
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::videos/*"}]}"#,
                Some("does not name this bucket"),
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::photos-old/*"}]}"#,
                Some("does not name this bucket"),
            ),
            (
                r#"{"Version":"2011-01-01","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::photos"}]}"#,
                Some("Version must be"),
            ),
            (
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"arn:aws:s3:::photos","Condtion":{}}]}"#,
                Some("\"Condtion\" is not a statement element"),
            ),
        ];
        for (text, wanted) in cases {
            let first_error = check(text, "photos").into_iter().find(|f| f.severity == Severity::Error);
            match (first_error, wanted) {
                (None, None) => {}
                (Some(found), Some(wanted)) => assert!(found.message.contains(wanted), "{text}: {}", found.message),
                (found, wanted) => panic!("{text}: expected {wanted:?}, found {found:?}"),
            }
        }
    }

    #[test]
    fn syntax_errors_point_at_their_line_and_column_and_size_is_capped() {
        let finding = &check("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [}\n", "photos")[0];
        assert_eq!((finding.line, finding.column), (Some(3), Some(17)));
        let huge = format!(r#"{{"Version":"2012-10-17","Id":"{}","Statement":[]}}"#, "x".repeat(MAX_POLICY_BYTES));
        assert!(check(&huge, "photos")[0].message.contains("at most 20 KB"));
        let public = check(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["*"]},"Action":"s3:GetObject","Resource":"arn:aws:s3:::photos/*"}]}"#,
            "photos",
        );
        assert_eq!(public.len(), 1);
        assert_eq!((public[0].severity, public[0].statement), (Severity::Warning, Some(1)));
    }
}
