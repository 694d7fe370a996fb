//! A session: the configured SDK clients for one connection, opened once and reused.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::provider::ProvideCredentials;
use aws_sdk_s3::config::{RequestChecksumCalculation, ResponseChecksumValidation, StalledStreamProtectionConfig};
use tokio::sync::Mutex;

use crate::catalog::{Catalog, ConnectionRef, Credentials, Target};
use crate::connection::Endpoint;
use crate::error::{Error, ErrorKind, Result};

/// The time limits every request runs under, so that no request waits for ever on an
/// endpoint that accepted the connection and then stopped answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the TCP (and TLS) connection.
    pub connect: Duration,
    /// From a request sent to the first byte of its answer. A request that carries a body
    /// (an upload, a part) gets longer, as its body is sent within this time: see
    /// [`Session::with_body`].
    pub answer: Duration,
    /// A body that moves no byte for this long, either way, is given up.
    pub stall: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self { connect: Duration::from_secs(5), answer: Duration::from_secs(30), stall: Duration::from_secs(20) }
    }
}

/// The slowest upload rate allowed for before a request with a body is given up on: slower
/// links are better served by smaller parts.
const SLOWEST_UPLOAD_BYTES_PER_SECOND: u64 = 64 * 1024;

pub struct Session {
    /// The client for the connection's own region.
    pub s3: aws_sdk_s3::Client,
    s3_config: aws_sdk_s3::Config,
    /// Clients for other regions: the SDK does not follow S3's region redirects, so a
    /// bucket is always addressed through a client of its own region.
    regional: std::sync::Mutex<HashMap<String, aws_sdk_s3::Client>>,
    /// Buckets' regions as S3 told them, so each is asked once.
    bucket_regions: std::sync::Mutex<HashMap<String, String>>,
    sdk: SdkConfig,
    endpoint: Option<Endpoint>,
    region: String,
    timeouts: Timeouts,
}

impl Session {
    /// Builds the clients for `target`. For an AWS profile the credentials are resolved
    /// now, so that an expired SSO login or a broken profile is reported here, plainly.
    pub async fn open(target: Target) -> Result<Self> {
        Self::open_with(target, Timeouts::default(), |s3| s3).await
    }

    /// Like [`Session::open`], with other time limits and a last say over the S3 client's
    /// configuration (tests add interceptors that count requests, and shorter limits).
    pub async fn open_with(
        target: Target,
        timeouts: Timeouts,
        customize: impl FnOnce(aws_sdk_s3::config::Builder) -> aws_sdk_s3::config::Builder,
    ) -> Result<Self> {
        let loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new(target.region.clone()))
            .timeout_config(timeouts.config(timeouts.answer))
            .stalled_stream_protection(StalledStreamProtectionConfig::enabled().grace_period(timeouts.stall).build());
        let sdk = match target.credentials {
            Credentials::Static { access_key_id, secret_access_key } => {
                let credentials =
                    aws_credential_types::Credentials::new(access_key_id, secret_access_key, None, None, "s3-desk");
                loader.credentials_provider(credentials).load().await
            }
            Credentials::Profile(name) => {
                let sdk = loader.profile_name(&name).load().await;
                check_credentials(&sdk).await.map_err(|why| profile_unusable(&name, why))?;
                sdk
            }
            Credentials::DefaultChain => {
                let sdk = loader.load().await;
                check_credentials(&sdk).await.map_err(environment_unusable)?;
                sdk
            }
        };

        let mut s3 = aws_sdk_s3::config::Builder::from(&sdk);
        if let Some(endpoint) = &target.endpoint {
            // S3-compatible stores: path-style as configured, and checksums only where the
            // API requires them, since the SDK's default CRC trailers break B2, Ceph and
            // older MinIO.
            s3 = s3
                .endpoint_url(&endpoint.url)
                .force_path_style(endpoint.path_style)
                .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
                .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        }
        let s3_config = customize(s3).build();
        Ok(Self {
            s3: aws_sdk_s3::Client::from_conf(s3_config.clone()),
            s3_config,
            regional: Default::default(),
            bucket_regions: Default::default(),
            sdk,
            endpoint: target.endpoint,
            region: target.region,
            timeouts,
        })
    }

    /// The configuration for a request that sends `bytes` of body: the time to the answer
    /// grows by the time the body takes at the slowest rate allowed for. (A body that stops
    /// moving is still given up after [`Timeouts::stall`].)
    pub(crate) fn with_body(&self, bytes: u64) -> aws_sdk_s3::config::Builder {
        let sending = Duration::from_secs(bytes / SLOWEST_UPLOAD_BYTES_PER_SECOND);
        aws_sdk_s3::config::Builder::default().timeout_config(self.timeouts.config(self.timeouts.answer + sending))
    }

    /// The configuration for a request the server may take long to answer by design
    /// (completing a multipart upload, copying an object server-side): four times the usual
    /// wait for the answer.
    pub(crate) fn slow_answer(&self) -> aws_sdk_s3::config::Builder {
        aws_sdk_s3::config::Builder::default().timeout_config(self.timeouts.config(self.timeouts.answer * 4))
    }

    /// The client for `region`: the session's own, or one made (once) for that region.
    pub fn s3_in(&self, region: &str) -> aws_sdk_s3::Client {
        if region == self.region {
            return self.s3.clone();
        }
        let mut regional = self.regional.lock().unwrap_or_else(|e| e.into_inner());
        regional
            .entry(region.to_owned())
            .or_insert_with(|| {
                let config = self.s3_config.to_builder().region(Region::new(region.to_owned())).build();
                aws_sdk_s3::Client::from_conf(config)
            })
            .clone()
    }

    pub(crate) fn known_region(&self, bucket: &str) -> Option<String> {
        self.bucket_regions.lock().unwrap_or_else(|e| e.into_inner()).get(bucket).cloned()
    }

    pub(crate) fn remember_region(&self, bucket: &str, region: &str) {
        self.bucket_regions.lock().unwrap_or_else(|e| e.into_inner()).insert(bucket.to_owned(), region.to_owned());
    }

    /// A client for `region` through the S3 Transfer Acceleration endpoint
    /// (`BUCKET.s3-accelerate.amazonaws.com`), for transfers only: bucket administration stays
    /// on the regional client. Check [`crate::buckets::acceleration::unavailable`] first.
    pub fn s3_accelerated(&self, region: &str) -> aws_sdk_s3::Client {
        let config = self.s3_config.to_builder().region(Region::new(region.to_owned())).accelerate(true).build();
        aws_sdk_s3::Client::from_conf(config)
    }

    /// The endpoint as a person would name it in an error: the URL, or Amazon S3's regional host.
    pub fn endpoint_label(&self) -> String {
        match &self.endpoint {
            Some(e) => e.url.clone(),
            None => format!("Amazon S3 ({})", self.region),
        }
    }

    pub fn endpoint(&self) -> Option<&Endpoint> {
        self.endpoint.as_ref()
    }

    pub fn region(&self) -> &str {
        &self.region
    }

    /// When the session's credentials expire: temporary ones (SSO, assumed roles, session
    /// tokens) do; long-term access keys do not (`None`).
    pub async fn credentials_expiry(&self) -> Option<std::time::SystemTime> {
        self.sdk.credentials_provider()?.provide_credentials().await.ok()?.expiry()
    }

    /// An STS client with the same credentials, at the custom endpoint if there is one.
    pub(crate) fn sts(&self) -> aws_sdk_sts::Client {
        let mut sts = aws_sdk_sts::config::Builder::from(&self.sdk);
        if let Some(endpoint) = &self.endpoint {
            sts = sts.endpoint_url(&endpoint.url);
        }
        aws_sdk_sts::Client::from_conf(sts.build())
    }
}

impl Timeouts {
    fn config(&self, answer: Duration) -> TimeoutConfig {
        TimeoutConfig::builder().connect_timeout(self.connect).read_timeout(answer).build()
    }
}

/// Resolves the credentials once, so that a broken source is reported when the connection
/// opens; the error is why not.
async fn check_credentials(sdk: &SdkConfig) -> std::result::Result<(), String> {
    let provider = sdk.credentials_provider().ok_or("it defines no credentials")?;
    provider.provide_credentials().await.map_err(|e| e.to_string())?;
    Ok(())
}

fn environment_unusable(why: String) -> Error {
    Error::new(ErrorKind::ProfileUnusable, format!("The environment's AWS credentials are not usable: {why}."))
        .with_hint("Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or the role variables) in the environment S3 Desk was started from.")
}

fn profile_unusable(profile: &str, why: String) -> Error {
    Error::new(ErrorKind::ProfileUnusable, format!("The AWS profile \"{profile}\" gave no usable credentials: {why}."))
        .with_hint(format!(
            "Check the profile in ~/.aws; for SSO profiles run `aws sso login --profile {profile}` first."
        ))
}

/// Open sessions by connection, so the keychain is read and clients built once per connection.
#[derive(Default)]
pub struct Sessions {
    open: Mutex<HashMap<ConnectionRef, Arc<Session>>>,
}

impl Sessions {
    /// The session for `connection`, opening it on first use.
    pub async fn get(&self, catalog: &Arc<Catalog>, connection: &ConnectionRef) -> Result<Arc<Session>> {
        if let Some(session) = self.open.lock().await.get(connection) {
            return Ok(session.clone());
        }
        // Opened without holding the lock: a slow profile (SSO, a credential process) must
        // not hold up other connections. Two first uses at once both open; one is kept.
        let (catalog, key) = (catalog.clone(), connection.clone());
        let target = tokio::task::spawn_blocking(move || catalog.target(&key))
            .await
            .expect("reading the keychain does not panic")?;
        let session = Arc::new(Session::open(target).await?);
        Ok(self.open.lock().await.entry(connection.clone()).or_insert(session).clone())
    }

    /// Forgets the session of a connection that was edited or deleted.
    pub async fn forget(&self, connection: &ConnectionRef) {
        self.open.lock().await.remove(connection);
    }
}

/// A session with made-up keys, on Amazon S3 or at `endpoint`, for tests that send nothing
/// (presigning, and choices made before any request).
#[cfg(test)]
pub(crate) async fn offline(endpoint: Option<&str>) -> Session {
    let credentials = Credentials::Static { access_key_id: "AKIDEXAMPLE".into(), secret_access_key: "secret".into() };
    let endpoint = endpoint.map(|url| Endpoint { url: url.into(), path_style: true });
    Session::open(Target { name: "t".into(), region: "eu-west-1".into(), endpoint, credentials }).await.unwrap()
}
