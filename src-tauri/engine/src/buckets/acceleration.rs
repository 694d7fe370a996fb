//! Transfer Acceleration: a bucket's status, switching it on or suspending it, and whether it
//! can be used at all — said before the person tries: AWS refuses it for bucket names with
//! dots, and only Amazon S3 offers it. It costs extra per GB and helps mostly far from the
//! bucket's region.

use std::collections::BTreeSet;
use std::path::Path;

use aws_sdk_s3::types::{AccelerateConfiguration, BucketAccelerateStatus};

use crate::catalog::ConnectionRef;
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

/// Upload speeds of one sample through each endpoint, in MiB/s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Comparison {
    pub regional: f64,
    pub accelerated: f64,
}

/// The size of the sample [`compare`] uploads through each endpoint.
pub const SAMPLE_BYTES: usize = 8 * 1024 * 1024;

/// Uploads the same sample through the regional and the accelerate endpoint, as AWS's own
/// comparison page does, and deletes it after. Only for a bucket with acceleration on.
pub async fn compare(session: &Session, bucket: &str, region: &str) -> Result<Comparison> {
    if let Some(why) = unavailable(session, bucket) {
        return Err(Error::invalid("bucket", why));
    }
    if status(session, bucket, region).await? != Acceleration::Enabled {
        return Err(Error::invalid(
            "bucket",
            format!("Transfer Acceleration is not on for {bucket}; turn it on to compare the endpoints."),
        ));
    }
    let endpoint = session.endpoint_label();
    compare_clients(&session.s3_in(region), &session.s3_accelerated(region), bucket, SAMPLE_BYTES, &endpoint).await
}

/// [`compare`] with the two clients given: the regional one also deletes the samples.
pub async fn compare_clients(
    regional: &aws_sdk_s3::Client,
    accelerated: &aws_sdk_s3::Client,
    bucket: &str,
    sample_bytes: usize,
    endpoint: &str,
) -> Result<Comparison> {
    // Incompressible bytes, so no link on the way can make one endpoint look faster.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let sample: Vec<u8> = (0..sample_bytes)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let keys = [format!(".s3desk-speed-test/{stamp}-regional"), format!(".s3desk-speed-test/{stamp}-accelerated")];
    let mut speeds = [0.0; 2];
    let mut outcome = Ok(());
    for ((client, key), speed) in [regional, accelerated].into_iter().zip(&keys).zip(&mut speeds) {
        let call = Call { permission: "s3:PutObject", endpoint, bucket: Some(bucket), key: Some(key) };
        let started = std::time::Instant::now();
        let put = client.put_object().bucket(bucket).key(key).body(sample.clone().into()).send().await;
        if let Err(e) = put {
            outcome = Err(from_sdk(e, call));
            break;
        }
        *speed = sample_bytes as f64 / (1024.0 * 1024.0) / started.elapsed().as_secs_f64();
    }
    for key in &keys {
        // Deleting a sample that was never stored is no error: DeleteObject is idempotent.
        let _ = regional.delete_object().bucket(bucket).key(key).send().await;
    }
    outcome.map(|()| Comparison { regional: speeds[0], accelerated: speeds[1] })
}

/// Whether transfers of `connection` go through the accelerate endpoint where a bucket has
/// acceleration on. Yes unless the person said no (kept in `acceleration.json` in the
/// config folder): a bucket's owner turns it on to have it used.
pub fn used_by(config_dir: &Path, connection: &ConnectionRef) -> bool {
    !declined(config_dir).contains(&connection.id())
}

pub fn set_used_by(config_dir: &Path, connection: &ConnectionRef, used: bool) -> Result<()> {
    let mut declined = declined(config_dir);
    if used {
        declined.remove(&connection.id());
    } else {
        declined.insert(connection.id());
    }
    let path = config_dir.join(DECLINED_FILE);
    let json = serde_json::to_vec_pretty(&declined).expect("a set of strings serializes");
    crate::atomic_file::write(&path, &json).map_err(|e| {
        Error::new(ErrorKind::ConfigFile, format!("Could not save the acceleration choice to {}: {e}.", path.display()))
    })
}

const DECLINED_FILE: &str = "acceleration.json";

/// The connections that said no to acceleration; none when the file is missing or unreadable.
fn declined(config_dir: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(config_dir.join(DECLINED_FILE))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
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
    use crate::session::offline as session;

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

    #[test]
    fn each_connection_uses_acceleration_until_it_says_no() {
        let dir = tempfile::tempdir().unwrap();
        let work = ConnectionRef::Saved("work".into());
        let profile = ConnectionRef::AwsProfile("work".into());
        assert!(used_by(dir.path(), &work), "used by default");
        set_used_by(dir.path(), &work, false).unwrap();
        assert!(!used_by(dir.path(), &work));
        assert!(used_by(dir.path(), &profile), "a profile of the same name is another connection");
        set_used_by(dir.path(), &work, true).unwrap();
        assert!(used_by(dir.path(), &work));
        std::fs::write(dir.path().join(DECLINED_FILE), "{damaged").unwrap();
        assert!(used_by(dir.path(), &work), "an unreadable file means the default");
    }
}
