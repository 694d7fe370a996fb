//! Creating a bucket the way an S3 expert would: the name checked first, LocationConstraint
//! right for every region, private unless asked otherwise, and settings applied in full or
//! not at all.

use aws_sdk_s3::types::{
    BucketCannedAcl, BucketLocationConstraint, BucketVersioningStatus, CreateBucketConfiguration, DefaultRetention,
    ObjectLockConfiguration, ObjectLockEnabled, ObjectLockRetentionMode, ObjectLockRule, ObjectOwnership,
    PublicAccessBlockConfiguration, VersioningConfiguration,
};

use crate::bucket_name;
use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::session::Session;

/// Who owns objects others upload, and so whether ACLs apply at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ownership {
    /// ACLs disabled; the bucket owner owns every object. AWS's default and recommendation.
    BucketOwnerEnforced,
    /// ACLs work; the owner takes objects uploaded with `bucket-owner-full-control`.
    BucketOwnerPreferred,
    /// ACLs work; the uploader owns what it uploads.
    ObjectWriter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CannedAcl {
    Private,
    PublicRead,
    PublicReadWrite,
    AuthenticatedRead,
}

impl CannedAcl {
    fn is_public(self) -> bool {
        !matches!(self, CannedAcl::Private)
    }

    fn to_sdk(self) -> BucketCannedAcl {
        match self {
            CannedAcl::Private => BucketCannedAcl::Private,
            CannedAcl::PublicRead => BucketCannedAcl::PublicRead,
            CannedAcl::PublicReadWrite => BucketCannedAcl::PublicReadWrite,
            CannedAcl::AuthenticatedRead => BucketCannedAcl::AuthenticatedRead,
        }
    }
}

/// A bucket ACL as S3's headers carry it: a canned ACL, or grants.
#[derive(Debug, Default, PartialEq, Eq)]
struct AclHeaders {
    acl: Option<BucketCannedAcl>,
    grant_read: Option<String>,
    grant_write: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetentionMode {
    /// Users with a special permission can still delete or shorten retention.
    Governance,
    /// Nobody, not even the root user, can delete a version before it expires.
    Compliance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub mode: RetentionMode,
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateBucket {
    pub name: String,
    pub region: String,
    pub ownership: Ownership,
    /// `None` sends no ACL: the bucket is private.
    pub acl: Option<CannedAcl>,
    /// Grantees, as a canonical user id, an email address or a group URI.
    pub grant_read: Option<String>,
    pub grant_write: Option<String>,
    pub block_public_access: bool,
    /// Object Lock can only be turned on now, and turns versioning on for good.
    pub object_lock: bool,
    pub default_retention: Option<Retention>,
    pub versioning: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created {
    pub name: String,
    pub region: String,
    /// What the user should know: the endpoint lacked a feature, the name has dots…
    pub warnings: Vec<String>,
}

/// The longest default retention S3 accepts, in days (100 years).
const MAX_RETENTION_DAYS: u32 = 36_500;

const ALL_USERS: &str = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS: &str = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

impl CreateBucket {
    /// A bucket as S3 experts make one unless there is a reason not to: ACLs disabled (the
    /// owner owns every object), Block Public Access on, no Object Lock, no versioning.
    pub fn private(name: impl Into<String>, region: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            region: region.into(),
            ownership: Ownership::BucketOwnerEnforced,
            acl: None,
            grant_read: None,
            grant_write: None,
            block_public_access: true,
            object_lock: false,
            default_retention: None,
            versioning: false,
        }
    }

    /// Checks the request as a whole before anything is sent; returns the name's warnings.
    pub fn validate(&self) -> Result<Vec<String>> {
        let warnings = bucket_name::check(&self.name)?.warnings;
        crate::connection::validate_region(&self.region)?;
        let wants_acl = self.acl.is_some() || self.grant_read.is_some() || self.grant_write.is_some();
        if wants_acl && self.ownership == Ownership::BucketOwnerEnforced {
            return Err(Error::invalid(
                "acl",
                "ACLs are disabled when Object Ownership is \"Bucket owner enforced\". Choose another Object Ownership to use an ACL, or grant access with a bucket policy.",
            ));
        }
        if self.acl.is_some() && (self.grant_read.is_some() || self.grant_write.is_some()) {
            return Err(Error::invalid(
                "acl",
                "S3 takes either a canned ACL or grants, not both. Keep the ACL private to use grants.",
            ));
        }
        if self.block_public_access && self.wants_public_acl()? {
            return Err(Error::invalid(
                "acl",
                "Block Public Access would refuse this public ACL. Untick Block Public Access to make the bucket public, or keep it private.",
            ));
        }
        if let Some(retention) = self.default_retention {
            if !self.object_lock {
                return Err(Error::invalid("default_retention", "A default retention needs Object Lock turned on."));
            }
            if !(1..=MAX_RETENTION_DAYS).contains(&retention.days) {
                return Err(Error::invalid(
                    "default_retention",
                    format!("A default retention is 1 to {MAX_RETENTION_DAYS} days."),
                ));
            }
        }
        Ok(warnings)
    }

    /// The ACL asked for, as headers.
    fn acl_headers(&self) -> Result<AclHeaders> {
        let grant = |grant: &Option<String>, field| grant.as_deref().map(|g| grantee_header(g, field)).transpose();
        Ok(AclHeaders {
            acl: self.acl.map(CannedAcl::to_sdk),
            grant_read: grant(&self.grant_read, "grant_read")?,
            grant_write: grant(&self.grant_write, "grant_write")?,
        })
    }

    /// Whether the ACL asked for lets everyone, or every AWS account, in.
    fn wants_public_acl(&self) -> Result<bool> {
        let headers = self.acl_headers()?;
        let public_grant = [&headers.grant_read, &headers.grant_write]
            .into_iter()
            .flatten()
            .any(|g| g.contains(ALL_USERS) || g.contains(AUTHENTICATED_USERS));
        Ok(self.acl.is_some_and(CannedAcl::is_public) || public_grant)
    }
}

/// The `x-amz-grant-*` header value for a grantee the user typed: a 64-character canonical
/// user id, an email address, or a group URI.
pub fn grantee_header(grantee: &str, field: &'static str) -> Result<String> {
    let grantee = grantee.trim();
    if grantee.starts_with("http://acs.amazonaws.com/groups/") {
        Ok(format!("uri=\"{grantee}\""))
    } else if grantee.len() == 64 && grantee.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(format!("id=\"{grantee}\""))
    } else if grantee.split_once('@').is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.')) {
        Ok(format!("emailAddress=\"{grantee}\""))
    } else {
        Err(Error::invalid(
            field,
            "A grantee is a canonical user id (64 hexadecimal characters), an email address, or a group URI such as http://acs.amazonaws.com/groups/global/AllUsers.",
        ))
    }
}

/// Creates the bucket in its region and applies its settings. If a setting cannot be
/// applied, the new (still empty) bucket is deleted again, so it exists fully set up or
/// not at all.
pub async fn create(session: &Session, request: &CreateBucket) -> Result<Created> {
    let mut warnings = request.validate()?;
    let s3 = session.s3_in(&request.region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(&request.name), key: None };

    // In us-east-1 S3 answers a second CreateBucket for a bucket you own with success, which
    // would let the settings below change (or the roll-back delete) an existing bucket.
    if request.region == "us-east-1" && s3.head_bucket().bucket(&request.name).send().await.is_ok() {
        return Err(Error::new(
            ErrorKind::BucketAlreadyOwnedByYou,
            format!("You already own a bucket named {}.", request.name),
        )
        .with_hint("Use that bucket, or pick another name."));
    }

    // AWS turns Block Public Access on for every new bucket, and then refuses a public ACL in
    // CreateBucket itself: a public ACL is set once Block Public Access is off (`configure`).
    let acl = if request.wants_public_acl()? { AclHeaders::default() } else { request.acl_headers()? };
    let mut create = s3
        .create_bucket()
        .bucket(&request.name)
        .object_ownership(match request.ownership {
            Ownership::BucketOwnerEnforced => ObjectOwnership::BucketOwnerEnforced,
            Ownership::BucketOwnerPreferred => ObjectOwnership::BucketOwnerPreferred,
            Ownership::ObjectWriter => ObjectOwnership::ObjectWriter,
        })
        .set_object_lock_enabled_for_bucket(request.object_lock.then_some(true))
        .set_acl(acl.acl)
        .set_grant_read(acl.grant_read)
        .set_grant_write(acl.grant_write);
    // us-east-1 is S3's original region: a LocationConstraint naming it is refused.
    if request.region != "us-east-1" {
        create = create.create_bucket_configuration(
            CreateBucketConfiguration::builder()
                .location_constraint(BucketLocationConstraint::from(request.region.as_str()))
                .build(),
        );
    }
    create.send().await.map_err(|e| from_sdk(e, call("s3:CreateBucket")))?;

    match configure(session, request, &mut warnings).await {
        Ok(()) => Ok(Created { name: request.name.clone(), region: request.region.clone(), warnings }),
        Err(e) => Err(roll_back(session, request, e).await),
    }
}

async fn configure(session: &Session, request: &CreateBucket, warnings: &mut Vec<String>) -> Result<()> {
    let s3 = session.s3_in(&request.region);
    let endpoint = session.endpoint_label();
    let call = |permission| Call { permission, endpoint: &endpoint, bucket: Some(&request.name), key: None };

    let flag = request.block_public_access;
    let block = PublicAccessBlockConfiguration::builder()
        .block_public_acls(flag)
        .ignore_public_acls(flag)
        .block_public_policy(flag)
        .restrict_public_buckets(flag)
        .build();
    let result =
        s3.put_public_access_block().bucket(&request.name).public_access_block_configuration(block).send().await;
    match result.map_err(|e| from_sdk(e, call("s3:PutBucketPublicAccessBlock"))) {
        Ok(_) => {}
        Err(e) if e.kind() == &ErrorKind::NotSupported => warnings.push(
            "This endpoint has no Block Public Access; the bucket's ACL and policy alone decide who can read it."
                .to_owned(),
        ),
        Err(e) => return Err(e),
    }

    if request.wants_public_acl()? {
        let acl = request.acl_headers()?;
        s3.put_bucket_acl()
            .bucket(&request.name)
            .set_acl(acl.acl)
            .set_grant_read(acl.grant_read)
            .set_grant_write(acl.grant_write)
            .send()
            .await
            .map_err(|e| from_sdk(e, call("s3:PutBucketAcl")))?;
    }

    if let Some(retention) = request.default_retention {
        let mode = match retention.mode {
            RetentionMode::Governance => ObjectLockRetentionMode::Governance,
            RetentionMode::Compliance => ObjectLockRetentionMode::Compliance,
        };
        let rule = ObjectLockRule::builder()
            .default_retention(DefaultRetention::builder().mode(mode).days(retention.days as i32).build())
            .build();
        let configuration =
            ObjectLockConfiguration::builder().object_lock_enabled(ObjectLockEnabled::Enabled).rule(rule).build();
        s3.put_object_lock_configuration()
            .bucket(&request.name)
            .object_lock_configuration(configuration)
            .send()
            .await
            .map_err(|e| from_sdk(e, call("s3:PutBucketObjectLockConfiguration")))?;
    }

    // Object Lock has already turned versioning on.
    if request.versioning && !request.object_lock {
        let enabled = VersioningConfiguration::builder().status(BucketVersioningStatus::Enabled).build();
        s3.put_bucket_versioning()
            .bucket(&request.name)
            .versioning_configuration(enabled)
            .send()
            .await
            .map_err(|e| from_sdk(e, call("s3:PutBucketVersioning")))?;
    }
    Ok(())
}

async fn roll_back(session: &Session, request: &CreateBucket, failure: Error) -> Error {
    let deleted = session.s3_in(&request.region).delete_bucket().bucket(&request.name).send().await;
    let (kind, hint) = (failure.kind().clone(), failure.hint().map(str::to_owned));
    let message = match deleted {
        Ok(_) => format!(
            "{} The new bucket {} was deleted again, so nothing was left half set up.",
            failure.message(),
            request.name
        ),
        Err(_) => format!(
            "{} The bucket {} was created but could not be deleted again: delete it, or finish its settings, yourself.",
            failure.message(),
            request.name
        ),
    };
    let error = Error::new(kind, message).with_source(failure);
    match hint {
        Some(hint) => error.with_hint(hint),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> CreateBucket {
        CreateBucket::private("reports", "eu-west-1")
    }

    fn field_of(r: &CreateBucket) -> &'static str {
        match r.validate().unwrap_err().kind() {
            ErrorKind::InvalidInput { field } => field,
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }

    #[test]
    fn acls_need_an_ownership_that_allows_them() {
        let mut r = request();
        r.acl = Some(CannedAcl::Private);
        assert_eq!(field_of(&r), "acl", "BucketOwnerEnforced disables ACLs");
        r.ownership = Ownership::ObjectWriter;
        assert!(r.validate().is_ok());
    }

    #[test]
    fn public_acls_need_block_public_access_off() {
        let mut r = request();
        r.ownership = Ownership::ObjectWriter;
        r.acl = Some(CannedAcl::PublicRead);
        assert_eq!(field_of(&r), "acl");
        r.acl = None;
        r.grant_read = Some(ALL_USERS.into());
        assert_eq!(field_of(&r), "acl", "a grant to everyone is public too");
        r.block_public_access = false;
        assert!(r.validate().is_ok());
    }

    #[test]
    fn a_canned_acl_and_grants_are_not_mixed() {
        let mut r = request();
        r.ownership = Ownership::ObjectWriter;
        r.acl = Some(CannedAcl::Private);
        r.grant_read = Some("ann@example.com".into());
        assert_eq!(field_of(&r), "acl");
    }

    #[test]
    fn only_a_public_acl_waits_for_block_public_access() {
        let mut r = request();
        r.ownership = Ownership::ObjectWriter;
        r.grant_read = Some("ann@example.com".into());
        assert!(!r.wants_public_acl().unwrap(), "a grant to one user goes with CreateBucket");
        r.grant_read = Some(AUTHENTICATED_USERS.into());
        assert!(r.wants_public_acl().unwrap());
        r.grant_read = None;
        r.acl = Some(CannedAcl::PublicRead);
        assert!(r.wants_public_acl().unwrap());
    }

    #[test]
    fn grantees_are_recognised_by_their_form() {
        let id = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be";
        assert_eq!(grantee_header(id, "grant_read").unwrap(), format!("id=\"{id}\""));
        assert_eq!(grantee_header("ann@example.com", "grant_read").unwrap(), "emailAddress=\"ann@example.com\"");
        assert_eq!(grantee_header(ALL_USERS, "grant_read").unwrap(), format!("uri=\"{ALL_USERS}\""));
        assert!(grantee_header("bob", "grant_write").is_err());
    }

    #[test]
    fn retention_needs_object_lock_and_sane_days() {
        let mut r = request();
        r.default_retention = Some(Retention { mode: RetentionMode::Governance, days: 30 });
        assert_eq!(field_of(&r), "default_retention");
        r.object_lock = true;
        assert!(r.validate().is_ok());
        r.default_retention = Some(Retention { mode: RetentionMode::Compliance, days: 0 });
        assert_eq!(field_of(&r), "default_retention");
    }

    #[test]
    fn the_name_is_checked_first() {
        let mut r = request();
        r.name = "Reports".into();
        assert_eq!(field_of(&r), "name");
    }
}
