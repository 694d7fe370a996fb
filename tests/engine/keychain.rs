//! The real OS keychain: a gnome-keyring Secret Service started by .ci/test.sh.

use s3desk_engine::keychain::Keychain;
use s3desk_engine::ErrorKind;

use crate::support::run_in_child;

pub const TEST_SERVICE: &str = "dev.s3desk.test";

pub fn unique_id(what: &str) -> String {
    format!("{what}-{}-{:?}", std::process::id(), std::time::Instant::now())
}

#[test]
fn stores_reads_and_deletes_a_secret() {
    let keychain = Keychain::new(TEST_SERVICE);
    let id = unique_id("roundtrip");
    keychain.set(&id, "s3cr3t/with+symbols=").unwrap();
    assert_eq!(keychain.get(&id).unwrap(), "s3cr3t/with+symbols=");

    keychain.set(&id, "replaced").unwrap();
    assert_eq!(keychain.get(&id).unwrap(), "replaced", "setting again replaces, never duplicates");

    keychain.delete(&id).unwrap();
    assert_eq!(keychain.get(&id).unwrap_err().kind(), &ErrorKind::SecretMissing);
    assert_eq!(keychain.find(&id).unwrap(), None);
    keychain.delete(&id).expect("deleting what is gone is not an error");
}

#[test]
fn entries_of_another_service_are_separate() {
    let (ours, theirs) = (Keychain::new(TEST_SERVICE), Keychain::new("dev.s3desk.test.other"));
    let id = unique_id("separate");
    ours.set(&id, "ours").unwrap();
    assert_eq!(theirs.find(&id).unwrap(), None, "the service name scopes the entries");
    ours.delete(&id).unwrap();
}

/// Without a Secret Service the keychain says so plainly. The default store is chosen once
/// per process, so this runs `no_secret_service_child` in a child process whose D-Bus
/// address leads nowhere.
#[test]
fn no_secret_service_is_reported_plainly() {
    run_in_child(
        "keychain::no_secret_service_child",
        &[("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/s3desk-test-bus")],
    );
}

#[test]
#[ignore = "run by no_secret_service_is_reported_plainly in a process without D-Bus"]
fn no_secret_service_child() {
    let err = Keychain::new(TEST_SERVICE).set("any", "secret").unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::KeychainUnavailable, "{err}");
    assert!(err.hint().unwrap().contains("Secret Service"), "the hint says what to start: {:?}", err.hint());
}
