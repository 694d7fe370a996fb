//! The app's command list is written in five places that must agree: the `#[tauri::command]`
//! functions, `generate_handler!` in lib.rs, build.rs's `COMMANDS` (which makes a permission
//! for each), the window's capability (which grants them), and the UI's `backend.ts` (which
//! invokes them). A command missing from one of them fails only at run time, as a call the UI
//! cannot make; this test fails at once and names it.

use std::collections::BTreeSet;
use std::path::Path;

fn read(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The identifiers that follow each `marker` in `text` (`[a-z0-9_]` only).
fn names_after(text: &str, marker: &str) -> BTreeSet<String> {
    text.split(marker)
        .skip(1)
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_').collect())
        .filter(|name: &String| !name.is_empty())
        .collect()
}

/// The functions marked `#[tauri::command]` in the command modules.
fn defined() -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-tauri/src/commands");
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if !line.trim_start().starts_with("#[tauri::command") {
                continue;
            }
            let signature = lines.find(|l| l.contains("fn ")).expect("a command is a function");
            let name = signature.split_once("fn ").unwrap().1;
            names.insert(name.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect());
        }
    }
    names
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("{start} not found")) + start.len();
    &text[from..from + text[from..].find(end).unwrap()]
}

#[test]
fn every_command_is_defined_registered_permitted_granted_and_invoked() {
    let defined = defined();
    let handler: BTreeSet<String> = between(&read("src-tauri/src/lib.rs"), "generate_handler![", "]")
        .split(',')
        .filter_map(|path| path.trim().rsplit("::").next().filter(|n| !n.is_empty()).map(str::to_owned))
        .collect();
    let permitted = names_after(between(&read("src-tauri/build.rs"), "COMMANDS: &[&str] = &[", "];"), "\"");
    let capability: serde_json::Value = serde_json::from_str(&read("src-tauri/capabilities/main.json")).unwrap();
    let granted: BTreeSet<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().strip_prefix("allow-").unwrap_or("not an allow-").replace('-', "_"))
        .collect();
    let invoked = names_after(&read("ui/src/lib/ipc/backend.ts"), "invoke(\"");

    for (place, names) in [
        ("generate_handler! in lib.rs", &handler),
        ("COMMANDS in build.rs", &permitted),
        ("capabilities/main.json", &granted),
        ("backend.ts", &invoked),
    ] {
        let missing: Vec<_> = defined.difference(names).collect();
        let extra: Vec<_> = names.difference(&defined).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{place}: missing {missing:?}, not a command {extra:?}");
    }
}
