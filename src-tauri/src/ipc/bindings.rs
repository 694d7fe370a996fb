//! Keeps `ui/src/lib/ipc/bindings.ts` identical to the Rust shapes. The test fails when they
//! differ; `UPDATE_BINDINGS=1 cargo test bindings` rewrites the file.

use std::path::PathBuf;

use ts_rs::{Config, TS};

use super::error::ErrorCode;
use super::transfers::{FileBytes, Outcome, QueuedFile};
use super::*;

fn render() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        ErrorCode::decl(&cfg),
        ErrorPayload::decl(&cfg),
        ConnectionKey::decl(&cfg),
        ConnectionEntry::decl(&cfg),
        ConnectionDraftInput::decl(&cfg),
        Identity::decl(&cfg),
        Bucket::decl(&cfg),
        NameCheck::decl(&cfg),
        buckets::OwnershipChoice::decl(&cfg),
        buckets::AclChoice::decl(&cfg),
        buckets::RetentionModeChoice::decl(&cfg),
        buckets::RetentionView::decl(&cfg),
        CreateBucketInput::decl(&cfg),
        CreatedBucket::decl(&cfg),
        buckets::VersioningState::decl(&cfg),
        buckets::ObjectLockView::decl(&cfg),
        BucketSettings::decl(&cfg),
        BucketContents::decl(&cfg),
        DeleteProgress::decl(&cfg),
        DeleteReport::decl(&cfg),
        UnfinishedMultipart::decl(&cfg),
        UploadRef::decl(&cfg),
        AccelerationView::decl(&cfg),
        AccelerationComparison::decl(&cfg),
        BlockFlags::decl(&cfg),
        AccessView::decl(&cfg),
        ExposureView::decl(&cfg),
        PolicyFinding::decl(&cfg),
        PolicyTemplate::decl(&cfg),
        GrantView::decl(&cfg),
        objects::ObjectRow::decl(&cfg),
        ObjectPage::decl(&cfg),
        ObjectInfo::decl(&cfg),
        KeyCount::decl(&cfg),
        objects::VersionRow::decl(&cfg),
        VersionsFrom::decl(&cfg),
        VersionToDelete::decl(&cfg),
        VersionListing::decl(&cfg),
        CopyItemInput::decl(&cfg),
        CopyProgress::decl(&cfg),
        objects::ObjectFailure::decl(&cfg),
        sync::SyncDirection::decl(&cfg),
        sync::SyncCompare::decl(&cfg),
        sync::SyncOptionsInput::decl(&cfg),
        sync::SyncAction::decl(&cfg),
        sync::SyncItemView::decl(&cfg),
        sync::SyncTotals::decl(&cfg),
        SyncPlanView::decl(&cfg),
        SyncReportView::decl(&cfg),
        CopyReport::decl(&cfg),
        TagChangeInput::decl(&cfg),
        TagChangeReport::decl(&cfg),
        ObjectTags::decl(&cfg),
        QueuedFile::decl(&cfg),
        FileBytes::decl(&cfg),
        Outcome::decl(&cfg),
        TransferEvent::decl(&cfg),
        UploadOptionsInput::decl(&cfg),
        TransferSettings::decl(&cfg),
        DownloadObject::decl(&cfg),
        DownloadFolder::decl(&cfg),
        UnfinishedUpload::decl(&cfg),
        UnfinishedDownloadView::decl(&cfg),
        DropEvent::decl(&cfg),
        SharedLink::decl(&cfg),
        UrlUploadProgress::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from src-tauri/src/ipc by `UPDATE_BINDINGS=1 cargo test bindings`. Do not edit.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn typescript_bindings_match_the_rust_shapes() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/ipc/bindings.ts");
    let expected = render();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(actual == expected, "{} is out of date: run `UPDATE_BINDINGS=1 cargo test bindings`", path.display());
}
