#!/usr/bin/env bash
# Installs whatever is missing, builds the app, and runs every test against real parts:
#   - Rust unit tests and the engine's integration tests against moto and SeaweedFS on
#     loopback (started and stopped by the tests themselves) and a real Secret Service;
#   - the UI's type check and unit tests (svelte-check, vitest);
#   - end-to-end tests of the built app in a real window under Xvfb, driven over WebDriver
#     (tauri-driver + WebKitWebDriver); screenshots land in target/e2e/.
# All of it runs inside a private D-Bus session with gnome-keyring unlocked by a throwaway
# password and a temporary XDG_DATA_HOME, so no real keyring is touched.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${S3DESK_TEST_SESSION:-}" ]; then
  .ci/setup.sh --test-tools
  .ci/build.sh
  S3DESK_TEST_SESSION=$(mktemp -d)
  export S3DESK_TEST_SESSION XDG_DATA_HOME="$S3DESK_TEST_SESSION/data"
  trap 'rm -rf "$S3DESK_TEST_SESSION"' EXIT
  dbus-run-session -- "$0" "$@"
  exit $?
fi

# Inside the D-Bus session: a Secret Service for the keychain tests and the app.
printf %s "s3desk-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
export TAURI_DRIVER="${TAURI_DRIVER:-$(command -v tauri-driver || echo "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver")}"

# Plain output: the summary below reads the runners' counts from their logs.
export NO_COLOR=1
logs=target/test-logs
mkdir -p "$logs"
failed_suites=()
# Each suite runs under a time limit: a test that hangs fails its suite, and the others still
# run, instead of one hang spending CI's whole budget. The limits are several times what a
# suite takes here (rust about 6 minutes with a warm build, e2e about 8).
suite() {
  local name=$1 limit=$2 status=0; shift 2
  printf '\033[1m==> %s\033[0m\n' "$name"
  timeout --kill-after=30s "$limit" "$@" 2>&1 | tee "$logs/$name.log" || status=$?
  [ "$status" -eq 124 ] && echo "$name: stopped after $limit, still running" | tee -a "$logs/$name.log"
  [ "$status" -eq 0 ] || failed_suites+=("$name")
}

suite rust 30m cargo test --workspace --features custom-protocol --no-fail-fast --color never
suite ui-check 10m npm --workspace ui run check
suite ui-unit 10m npm --workspace ui test
suite e2e 30m xvfb-run -a -s "-screen 0 1280x800x24" npm --workspace tests/e2e test

# One closing line over every runner's counts.
passed=$(( $(grep -ho '[0-9]* passed;' "$logs/rust.log" | awk '{s+=$1} END {print s+0}') \
  + $(grep -hoE 'Tests +([0-9]+ failed \| )?[0-9]+ passed' "$logs/ui-unit.log" | grep -oE '[0-9]+ passed' | awk '{s+=$1} END {print s+0}') \
  + $(grep -hoE '^# pass [0-9]+' "$logs/e2e.log" | awk '{s+=$3} END {print s+0}') ))
failed=$(( $(grep -ho '[0-9]* failed;' "$logs/rust.log" | awk '{s+=$1} END {print s+0}') \
  + $(grep -hoE 'Tests +[0-9]+ failed' "$logs/ui-unit.log" | grep -oE '[0-9]+' | awk '{s+=$1} END {print s+0}') \
  + $(grep -hoE '^# fail [0-9]+' "$logs/e2e.log" | awk '{s+=$3} END {print s+0}') ))
echo
[ ${#failed_suites[@]} -gt 0 ] && echo "Failed suites: ${failed_suites[*]}"
echo "$passed passed, $failed failed"
[ ${#failed_suites[@]} -eq 0 ] && [ "$failed" -eq 0 ]
