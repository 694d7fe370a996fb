//! Transfer Acceleration: a bucket's status, switching it on or suspending it, and whether it
//! can be used at all — said before the person tries: AWS refuses it for bucket names with
//! dots, and only Amazon S3 offers it. It costs extra per GB and helps mostly far from the
//! bucket's region.

use aws_sdk_s3::types::{AccelerateConfiguration, BucketAccelerateStatus};

use crate::error::{from_sdk, Call, Error, ErrorKind, Result};
use crate::session::Session;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acceleration {
    /// Never configured: the same as suspended, for the person.
    Off,
    Enabled,
    Suspended,
}

/// Why acceleration cannot be used for `bucket` on this session's endpoint, if it cannot.
pub fn unavailable(session: &Session, bucket: &str) -> Option<String> {
    if session.endpoint().is_some() {
        return Some(
            "Transfer Acceleration is an Amazon S3 feature; this S3-compatible endpoint does not offer it.".into(),
        );
    }
    if bucket.contains('.') {
        return Some(format!(
            "Transfer Acceleration cannot be used with {bucket}: AWS does not allow it for bucket names that contain dots."
        ));
    }
    None
}

pub async fn status(session: &Session, bucket: &str, region: &str) -> Result<Acceleration> {
    let endpoint = session.endpoint_label();
    let call =
        Call { permission: "s3:GetAccelerateConfiguration", endpoint: &endpoint, bucket: Some(bucket), key: None };
    let out = session
        .s3_in(region)
        .get_bucket_accelerate_configuration()
        .bucket(bucket)
        .send()
        .await
        .map_err(|e| explain(from_sdk(e, call)))?;
    Ok(match out.status() {
        Some(BucketAccelerateStatus::Enabled) => Acceleration::Enabled,
        Some(BucketAccelerateStatus::Suspended) => Acceleration::Suspended,
        _ => Acceleration::Off,
    })
}

/// Enables or suspends acceleration, then reads the status back.
pub async fn set(session: &Session, bucket: &str, region: &str, enabled: bool) -> Result<Acceleration> {
    if bucket.contains('.') {
        return Err(Error::invalid(
            "bucket",
            format!("Transfer Acceleration cannot be used with {bucket}: AWS does not allow it for bucket names that contain dots."),
        ));
    }
    let endpoint = session.endpoint_label();
    let call =
        Call { permission: "s3:PutAccelerateConfiguration", endpoint: &endpoint, bucket: Some(bucket), key: None };
    let wanted = if enabled { BucketAccelerateStatus::Enabled } else { BucketAccelerateStatus::Suspended };
    session
        .s3_in(region)
        .put_bucket_accelerate_configuration()
        .bucket(bucket)
        .accelerate_configuration(AccelerateConfiguration::builder().status(wanted).build())
        .send()
        .await
        .map_err(|e| explain(from_sdk(e, call)))?;
    status(session, bucket, region).await
}

/// An S3-compatible server's refusal, said about this feature: NotImplemented, or (SeaweedFS)
/// the answer to a CreateBucket, from a server that ignored `?accelerate` on the PUT.
fn explain(error: Error) -> Error {
    if matches!(
        error.kind(),
        ErrorKind::NotSupported | ErrorKind::BucketAlreadyOwnedByYou | ErrorKind::BucketAlreadyExists
    ) {
        return Error::new(ErrorKind::NotSupported, "This endpoint does not support Transfer Acceleration.")
            .with_hint("Only Amazon S3 offers it; transfers go to the endpoint directly.");
    }
    error
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use aws_sdk_s3::presigning::PresigningConfig;

    use super::*;
    use crate::catalog::{Credentials, Target};
    use crate::connection::Endpoint;

    async fn session(endpoint: Option<&str>) -> Session {
        let credentials =
            Credentials::Static { access_key_id: "AKIDEXAMPLE".into(), secret_access_key: "secret".into() };
        let endpoint = endpoint.map(|url| Endpoint { url: url.into(), path_style: true });
        Session::open(Target { name: "t".into(), region: "eu-west-1".into(), endpoint, credentials }).await.unwrap()
    }

    #[tokio::test]
    async fn the_endpoint_is_chosen_before_anything_is_sent() {
        let aws = session(None).await;
        assert_eq!(unavailable(&aws, "my-data"), None);
        assert!(unavailable(&aws, "my.data").unwrap().contains("contain dots"));
        let custom = session(Some("http://127.0.0.1:9000")).await;
        assert!(unavailable(&custom, "my-data").unwrap().contains("S3-compatible endpoint"));

        // Presigning resolves the endpoint without a request: the accelerate host for
        // transfers, the regional one for everything else.
        let config = || PresigningConfig::expires_in(Duration::from_secs(60)).unwrap();
        let fast = aws.s3_accelerated("eu-west-1").get_object().bucket("my-data").key("k").presigned(config()).await;
        assert!(fast.unwrap().uri().starts_with("https://my-data.s3-accelerate.amazonaws.com/k?"));
        let plain = aws.s3_in("eu-west-1").get_object().bucket("my-data").key("k").presigned(config()).await;
        assert!(plain.unwrap().uri().starts_with("https://my-data.s3.eu-west-1.amazonaws.com/k?"));
    }
}
