//! Saving connections: settings to the file, the secret to the real keychain, and never one
//! without the other.

use s3desk_engine::catalog::{Catalog, Credentials};
use s3desk_engine::connection::ConnectionDraft;
use s3desk_engine::connections_file::ConnectionsFile;
use s3desk_engine::keychain::Keychain;
use s3desk_engine::{ConnectionRef, ErrorKind};

use crate::keychain::{unique_id, TEST_SERVICE};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

fn draft(name: &str) -> ConnectionDraft {
    ConnectionDraft {
        name: name.into(),
        access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
        secret_access_key: Some(SECRET.into()),
        region: "eu-west-1".into(),
        endpoint_url: Some("http://127.0.0.1:9000".into()),
        path_style: true,
    }
}

fn catalog_in(dir: &std::path::Path) -> Catalog {
    Catalog::new(ConnectionsFile::in_dir(dir), Keychain::new(TEST_SERVICE), None)
}

fn secret_of(catalog: &Catalog, id: &str) -> String {
    match catalog.target(&ConnectionRef::Saved(id.into())).unwrap().credentials {
        Credentials::Static { secret_access_key, .. } => secret_access_key,
        Credentials::Profile(_) | Credentials::DefaultChain => unreachable!("saved connections have static keys"),
    }
}

#[test]
fn the_secret_goes_to_the_keychain_and_never_to_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let saved = catalog.create(&draft(&unique_id("work"))).unwrap();

    let file = std::fs::read_to_string(dir.path().join("connections.json")).unwrap();
    assert!(file.contains(&saved.id) && file.contains("AKIAIOSFODNN7EXAMPLE"), "the settings are in the file:\n{file}");
    assert!(!file.contains(SECRET), "the secret key must never be written to the file:\n{file}");
    assert!(!file.contains("secret"), "not even a field for it:\n{file}");
    assert_eq!(Keychain::new(TEST_SERVICE).get(&saved.id).unwrap(), SECRET, "the keychain holds the secret");
    assert_eq!(secret_of(&catalog, &saved.id), SECRET, "a session gets the secret from the keychain");

    catalog.delete(&saved.id).unwrap();
}

#[test]
fn a_duplicate_name_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let name = unique_id("dup");
    let first = catalog.create(&draft(&name)).unwrap();
    let before = std::fs::read_to_string(dir.path().join("connections.json")).unwrap();

    let err = catalog.create(&draft(&name.to_uppercase())).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::DuplicateName, "names are unique whatever their case");
    assert_eq!(std::fs::read_to_string(dir.path().join("connections.json")).unwrap(), before, "the file is unchanged");

    catalog.delete(&first.id).unwrap();
}

#[test]
fn editing_keeps_the_secret_unless_a_new_one_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let saved = catalog.create(&draft(&unique_id("edit"))).unwrap();

    let mut renamed = draft(&unique_id("renamed"));
    renamed.secret_access_key = None;
    let updated = catalog.update(&saved.id, &renamed).unwrap();
    assert_eq!(updated.id, saved.id);
    assert_eq!(secret_of(&catalog, &saved.id), SECRET, "an edit without a secret keeps the stored one");

    renamed.secret_access_key = Some("a-new-secret".into());
    catalog.update(&saved.id, &renamed).unwrap();
    assert_eq!(secret_of(&catalog, &saved.id), "a-new-secret");

    catalog.delete(&saved.id).unwrap();
}

#[test]
fn deleting_removes_the_keychain_entry_too() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let saved = catalog.create(&draft(&unique_id("gone"))).unwrap();

    catalog.delete(&saved.id).unwrap();

    assert_eq!(Keychain::new(TEST_SERVICE).find(&saved.id).unwrap(), None, "no secret is left behind");
    assert!(catalog.list().unwrap().is_empty(), "no settings are left behind");
    assert_eq!(catalog.delete(&saved.id).unwrap_err().kind(), &ErrorKind::ConnectionNotFound);
}

/// Counts the items the Secret Service holds for `service`, asking it directly with
/// libsecret's `secret-tool` rather than through the code under test.
fn items_in_secret_service(service: &str) -> usize {
    let out = std::process::Command::new("secret-tool").args(["search", "--all", "service", service]).output().unwrap();
    // secret-tool prints the attributes of each item on stderr.
    String::from_utf8_lossy(&out.stderr).lines().filter(|l| l.starts_with("attribute.service")).count()
}

#[test]
fn a_failed_file_write_leaves_no_secret_behind() {
    let dir = tempfile::tempdir().unwrap();
    let service = unique_id("dev.s3desk.test.rollback");
    let catalog = Catalog::new(ConnectionsFile::in_dir(dir.path()), Keychain::new(&service), None);
    let kept = catalog.create(&draft(&unique_id("kept"))).unwrap();
    assert_eq!(items_in_secret_service(&service), 1, "secret-tool sees the saved secret");

    // A folder where the temporary file must go makes every later write fail, even as root.
    std::fs::create_dir(dir.path().join("connections.json.tmp")).unwrap();

    let err = catalog.create(&draft(&unique_id("half"))).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::ConfigFile, "{err}");
    assert_eq!(items_in_secret_service(&service), 1, "the new secret was taken back out of the keychain");

    let mut edit = draft(&unique_id("kept2"));
    edit.secret_access_key = Some("replacement".into());
    assert_eq!(catalog.update(&kept.id, &edit).unwrap_err().kind(), &ErrorKind::ConfigFile);
    assert_eq!(secret_of(&catalog, &kept.id), SECRET, "a failed edit restores the old secret");

    assert_eq!(catalog.delete(&kept.id).unwrap_err().kind(), &ErrorKind::ConfigFile);
    assert_eq!(secret_of(&catalog, &kept.id), SECRET, "a failed delete puts the secret back");

    std::fs::remove_dir(dir.path().join("connections.json.tmp")).unwrap();
    catalog.delete(&kept.id).unwrap();
    assert_eq!(items_in_secret_service(&service), 0);
}

#[test]
fn invalid_drafts_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = catalog_in(dir.path());
    let mut bad = draft(&unique_id("bad"));
    bad.endpoint_url = Some("not a url".into());
    let err = catalog.create(&bad).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::InvalidInput { field: "endpoint_url" });
    assert!(!dir.path().join("connections.json").exists(), "nothing is written for a refused draft");
}
