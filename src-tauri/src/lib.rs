//! The S3 Desk desktop app: a Tauri window over the S3 engine.

mod commands;
mod ipc;
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
        ])
        .run(tauri::generate_context!())
        .expect("the S3 Desk window could not be created");
}
