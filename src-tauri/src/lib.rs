//! The S3 Desk desktop app: a Tauri window over the S3 engine.

mod commands;
mod ipc;
mod operations;
mod state;

use state::AppState;

pub fn run() {
    tauri::Builder::default()
        .manage(AppState::from_env())
        .invoke_handler(tauri::generate_handler![
            commands::connections::connection_list,
            commands::connections::connection_create,
            commands::connections::connection_update,
            commands::connections::connection_delete,
            commands::connections::connection_identity,
            commands::buckets::bucket_list,
            commands::buckets::bucket_name_check,
            commands::buckets::bucket_name_unique,
            commands::buckets::bucket_create,
            commands::buckets::bucket_settings,
            commands::buckets::bucket_set_versioning,
            commands::buckets::bucket_count,
            commands::buckets::bucket_empty,
            commands::buckets::bucket_delete,
            commands::objects::object_list,
            commands::objects::object_versions,
            commands::objects::object_details,
            commands::objects::object_count,
            commands::objects::object_folder_create,
            commands::objects::object_delete,
            commands::objects::object_copy,
            commands::objects::object_restore_version,
            commands::operation_cancel,
        ])
        .run(tauri::generate_context!())
        .expect("the S3 Desk window could not be created");
}
