//! Files dragged onto the window. Tauri reports the OS drag and drop as a window event;
//! the UI subscribes with a channel, so it needs no event permission to hear of drops.

use tauri::ipc::Channel;
use tauri::{DragDropEvent, Manager, Runtime, State, Window};

use crate::ipc::DropEvent;
use crate::state::AppState;

#[tauri::command]
pub fn drop_subscribe(state: State<'_, AppState>, on_drop: Channel<DropEvent>) {
    *state.drops.lock().unwrap_or_else(|e| e.into_inner()) = Some(on_drop);
}

/// Forwards a drag and drop over `window` to the UI's channel, if it subscribed.
pub fn forward<R: Runtime>(window: &Window<R>, event: &DragDropEvent) {
    let event = match event {
        DragDropEvent::Enter { .. } => DropEvent::Enter,
        DragDropEvent::Leave => DropEvent::Leave,
        DragDropEvent::Drop { paths, .. } => {
            DropEvent::Drop { paths: paths.iter().map(|p| p.display().to_string()).collect() }
        }
        _ => return,
    };
    let state = window.state::<AppState>();
    // What was dropped may be uploaded: the person handed it over.
    if let DropEvent::Drop { paths } = &event {
        state.granted.allow_reading(paths);
    }
    let channel = state.drops.lock().unwrap_or_else(|e| e.into_inner()).clone();
    if let Some(channel) = channel {
        let _ = channel.send(event);
    }
}
