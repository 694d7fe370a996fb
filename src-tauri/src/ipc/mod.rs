//! The boundary between the UI and the backend: the shapes and the error that cross it.

mod access;
mod buckets;
mod error;
mod objects;
mod shapes;
mod sharing;
mod sync;
mod transfers;

pub use access::{AccessView, BlockFlags, ExposureView, GrantView, PolicyFinding, PolicyTemplate};
pub use buckets::{
    AccelerationComparison, AccelerationView, Bucket, BucketContents, BucketSettings, CreateBucketInput, CreatedBucket,
    DeleteProgress, DeleteReport, NameCheck, UnfinishedMultipart, UploadRef,
};
pub use error::ErrorPayload;
pub use objects::{
    CopyItemInput, CopyProgress, CopyReport, KeyCount, ObjectInfo, ObjectPage, ObjectTags, TagChangeInput,
    TagChangeReport, VersionListing, VersionToDelete, VersionsFrom,
};
pub use shapes::{ConnectionDraftInput, ConnectionEntry, ConnectionKey, Identity};
pub use sharing::{SharedLink, UrlUploadProgress};
pub use sync::{SyncDirection, SyncOptionsInput, SyncPlanView, SyncReportView};
pub use transfers::{
    DownloadFolder, DownloadObject, DropEvent, TransferEvent, TransferSettings, UnfinishedDownloadView,
    UnfinishedUpload, UploadOptionsInput,
};

#[cfg(test)]
mod bindings;
