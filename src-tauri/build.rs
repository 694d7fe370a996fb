// The app's own commands are declared here so each can be granted one by one in
// src-tauri/capabilities; a command no capability grants cannot be invoked by the UI.
const COMMANDS: &[&str] = &[
    "connection_list",
    "connection_create",
    "connection_update",
    "connection_delete",
    "connection_identity",
    "bucket_list",
    "bucket_name_check",
    "bucket_name_unique",
    "bucket_create",
    "bucket_settings",
    "bucket_set_versioning",
    "bucket_count",
    "bucket_empty",
    "bucket_delete",
    "bucket_unfinished_uploads",
    "bucket_abort_uploads",
    "bucket_acceleration",
    "bucket_set_acceleration",
    "object_list",
    "object_versions",
    "object_details",
    "object_count",
    "object_folder_create",
    "object_delete",
    "object_copy",
    "object_restore_version",
    "object_tags_get",
    "object_tags_set",
    "object_tags_change",
    "transfer_upload",
    "transfer_download",
    "transfer_unfinished",
    "transfer_resume",
    "transfer_discard",
    "transfer_pause",
    "transfer_settings_get",
    "transfer_settings_set",
    "dialog_pick_files",
    "dialog_pick_folder",
    "dialog_save_file",
    "drop_subscribe",
    "share_download_link",
    "share_upload_link",
    "share_check_url",
    "share_upload_to_url",
    "clipboard_write",
    "operation_cancel",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build configuration");
}
