//! The S3 Desk desktop app: a Tauri window over the S3 engine.

mod commands;
mod granted;
mod ipc;
mod state;

use state::AppState;

pub fn run() {
    tauri::Builder::default()
        // The backend opens the native dialogs, writes the clipboard and notifies; the UI is
        // granted none of these plugins' commands.
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_notification::init())
        .manage(AppState::from_env())
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::DragDrop(drop) = event {
                commands::drops::forward(window, drop);
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::connections::connection_list,
            commands::connections::connection_create,
            commands::connections::connection_update,
            commands::connections::connection_delete,
            commands::connections::connection_identity,
            commands::access::access_grants,
            commands::access::access_make_object_public,
            commands::access::bucket_access,
            commands::access::bucket_exposure,
            commands::access::bucket_set_block_public,
            commands::access::bucket_policy_check,
            commands::access::bucket_policy_template,
            commands::access::bucket_policy_save,
            commands::access::bucket_policy_delete,
            commands::access::bucket_set_ownership,
            commands::buckets::bucket_list,
            commands::buckets::bucket_name_check,
            commands::buckets::bucket_name_unique,
            commands::buckets::bucket_create,
            commands::buckets::bucket_settings,
            commands::buckets::bucket_set_versioning,
            commands::buckets::bucket_count,
            commands::buckets::bucket_empty,
            commands::buckets::bucket_delete,
            commands::buckets::bucket_unfinished_uploads,
            commands::buckets::bucket_abort_uploads,
            commands::buckets::bucket_acceleration,
            commands::buckets::bucket_set_acceleration,
            commands::buckets::bucket_compare_acceleration,
            commands::buckets::connection_use_acceleration,
            commands::objects::object_list,
            commands::objects::object_versions,
            commands::objects::object_details,
            commands::objects::object_count,
            commands::objects::object_folder_create,
            commands::objects::object_delete,
            commands::objects::object_copy,
            commands::objects::object_restore_version,
            commands::objects::object_tags_get,
            commands::objects::object_tags_many,
            commands::objects::object_tags_set,
            commands::objects::object_tags_change,
            commands::transfers::transfer_upload,
            commands::transfers::transfer_download,
            commands::transfers::transfer_unfinished,
            commands::transfers::transfer_unfinished_downloads,
            commands::transfers::transfer_discard_download,
            commands::transfers::transfer_resume,
            commands::transfers::transfer_discard,
            commands::transfers::transfer_pause,
            commands::transfers::transfer_settings_get,
            commands::transfers::transfer_settings_set,
            commands::dialogs::dialog_pick_files,
            commands::dialogs::dialog_pick_folder,
            commands::dialogs::dialog_save_file,
            commands::drops::drop_subscribe,
            commands::sharing::share_download_link,
            commands::sharing::share_upload_link,
            commands::sharing::share_check_url,
            commands::sharing::share_upload_to_url,
            commands::sharing::clipboard_write,
            commands::sync::sync_preview,
            commands::sync::sync_run,
            commands::operation_cancel,
        ])
        .run(tauri::generate_context!())
        .expect("the S3 Desk window could not be created");
}
