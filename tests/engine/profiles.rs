//! Profiles of the AWS shared files are usable as they are, through aws-config's own loader.

use s3desk_engine::catalog::Catalog;
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
