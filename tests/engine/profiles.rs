//! Profiles of the AWS shared files, and the credentials of the environment, are usable as
//! they are, through aws-config's own loader.

use s3desk_engine::aws_profiles::EnvironmentSource;
use s3desk_engine::catalog::{Catalog, Listed};
use s3desk_engine::connections_file::ConnectionsFile;
use s3desk_engine::keychain::Keychain;
use s3desk_engine::{buckets, ConnectionRef, Session};
use s3desk_tests::{moto, sdk_client, unique_bucket, MOTO_ACCESS_KEY, MOTO_SECRET_KEY};

use crate::support::run_in_child;

/// The AWS config files are read from the environment once per process, so this runs in a
/// child process with AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE set.
#[test]
fn a_profile_from_the_aws_files_lists_buckets() {
    let dir = tempfile::tempdir().unwrap();
    let (config, credentials) = (dir.path().join("config"), dir.path().join("credentials"));
    let server = moto();
    // endpoint_url in a profile is honoured by aws-config: it points this profile at moto.
    std::fs::write(&config, format!("[profile local]\nregion = eu-west-1\nendpoint_url = {}\n", server.endpoint))
        .unwrap();
    std::fs::write(
        &credentials,
        format!("[local]\naws_access_key_id = {}\naws_secret_access_key = {}\n", server.access_key, server.secret_key),
    )
    .unwrap();
    run_in_child(
        "profiles::profile_child",
        &[
            ("AWS_CONFIG_FILE", config.to_str().unwrap()),
            ("AWS_SHARED_CREDENTIALS_FILE", credentials.to_str().unwrap()),
            ("AWS_PROFILE", "local"),
            ("S3DESK_TEST_MOTO", &server.endpoint),
        ],
    );
}

#[tokio::test]
#[ignore = "run by a_profile_from_the_aws_files_lists_buckets with the AWS files set"]
async fn profile_child() {
    let endpoint = std::env::var("S3DESK_TEST_MOTO").unwrap();
    let peer = sdk_client(&endpoint, MOTO_ACCESS_KEY, MOTO_SECRET_KEY);
    let bucket = unique_bucket("profile");
    peer.create_bucket().bucket(&bucket).send().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::new(ConnectionsFile::in_dir(dir.path()), Keychain::new("dev.s3desk.test"), None);
    let listed = catalog.list().unwrap();
    assert_eq!(listed.len(), 1, "the one profile of the files is listed: {listed:?}");

    let target = catalog.target(&ConnectionRef::AwsProfile("local".into())).unwrap();
    assert_eq!(target.region, "eu-west-1", "the profile's region is used");
    let session = Session::open(target).await.unwrap();
    let names: Vec<_> = buckets::list(&session).await.unwrap().into_iter().map(|b| b.name).collect();
    assert!(names.contains(&bucket), "the profile's keys and endpoint reach moto: {names:?}");
}

/// Keys in the environment (as CI jobs and `aws-vault exec` provide them) are a connection
/// of their own, resolved by aws-config's default chain. In a child process with the
/// variables set; AWS_ENDPOINT_URL points the SDK at moto.
#[test]
fn the_environments_keys_list_buckets() {
    let server = moto();
    run_in_child(
        "profiles::environment_child",
        &[
            ("AWS_ACCESS_KEY_ID", &server.access_key),
            ("AWS_SECRET_ACCESS_KEY", &server.secret_key),
            ("AWS_REGION", "eu-west-1"),
            ("AWS_ENDPOINT_URL", &server.endpoint),
            ("AWS_CONFIG_FILE", "/dev/null"),
            ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null"),
            ("S3DESK_TEST_MOTO", &server.endpoint),
        ],
    );
}

#[tokio::test]
#[ignore = "run by the_environments_keys_list_buckets with the AWS variables set"]
async fn environment_child() {
    let endpoint = std::env::var("S3DESK_TEST_MOTO").unwrap();
    let peer = sdk_client(&endpoint, MOTO_ACCESS_KEY, MOTO_SECRET_KEY);
    let bucket = unique_bucket("environment");
    peer.create_bucket().bucket(&bucket).send().await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let catalog = Catalog::new(ConnectionsFile::in_dir(dir.path()), Keychain::new("dev.s3desk.test"), None);
    let listed = catalog.list().unwrap();
    assert!(
        matches!(listed.as_slice(), [Listed::AwsEnvironment(e)] if e.source == EnvironmentSource::AccessKeys),
        "the environment's keys are listed, named by their source: {listed:?}"
    );
    assert_eq!(catalog.find("env").unwrap(), ConnectionRef::AwsEnvironment);

    let target = catalog.target(&ConnectionRef::AwsEnvironment).unwrap();
    assert_eq!(target.region, "eu-west-1", "AWS_REGION is the connection's region");
    let session = Session::open(target).await.unwrap();
    let names: Vec<_> = buckets::list(&session).await.unwrap().into_iter().map(|b| b.name).collect();
    assert!(names.contains(&bucket), "the environment's keys reach moto: {names:?}");
}
