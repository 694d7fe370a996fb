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
. .ci/compiler-cache.sh

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
summary=()
total_passed=0
total_failed=0

# Each suite's counts, "passed failed", read from its log. Whatever did not pass counts as
# failed: skipped, cancelled and todo tests, ignored Rust tests that no other test runs in a
# child process (those say "ignored, run …"), type-check errors.
counts_rust() {
  awk '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i == "passed;") p += $(i-1); if ($i == "failed;") f += $(i-1) } }
       / \.\.\. ignored/ && !/ignored, run / { f++ }
       END { print p+0, f+0 }' "$1"
}
counts_check() {
  awk '/svelte-check found/ { for (i = 1; i <= NF; i++) if ($i ~ /^errors?$/) e += $(i-1); seen = 1 }
       END { if (!seen) print 0, 0; else if (e > 0) print 0, e; else print 1, 0 }' "$1"
}
counts_vitest() {
  awk '/^ *Tests +/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^(failed|skipped|todo)/) f += $(i-1) } }
       END { print p+0, f+0 }' "$1"
}
counts_node() {
  awk '/^# pass / { p += $3 } /^# (fail|cancelled|skipped|todo) / { f += $3 } END { print p+0, f+0 }' "$1"
}

# Each suite runs under a time limit: a test that hangs fails its suite, and the others still
# run, instead of one hang spending CI's whole budget. The limits are several times what a
# suite takes here. A suite that fails without a failed test to show for it (a crashed test
# binary, a build error, its time limit) counts one failure more, so the closing line can
# never read "0 failed" under a failed suite.
suite() {
  local name=$1 counter=$2 limit=$3 status=0 started=$SECONDS passed failed; shift 3
  printf '\033[1m==> %s\033[0m\n' "$name"
  timeout --kill-after=30s "$limit" "$@" 2>&1 | tee "$logs/$name.log" || status=$?
  [ "$status" -eq 124 ] && echo "$name: stopped after $limit, still running" | tee -a "$logs/$name.log"
  read -r passed failed < <("$counter" "$logs/$name.log")
  if [ "$status" -ne 0 ]; then
    failed_suites+=("$name")
    [ "$failed" -eq 0 ] && failed=1
  fi
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  summary+=("$(printf '%-9s %4d passed, %3d failed  %4d s' "$name" "$passed" "$failed" $((SECONDS - started)))")
}

suite rust counts_rust 30m cargo test --workspace --features custom-protocol --no-fail-fast --color never
suite ui-check counts_check 10m npm --workspace ui run check
suite ui-unit counts_vitest 10m npm --workspace ui test
suite e2e counts_node 30m xvfb-run -a -s "-screen 0 1280x800x24" npm --workspace tests/e2e test

echo
printf '%s\n' "${summary[@]}"
[ ${#failed_suites[@]} -gt 0 ] && echo "Failed suites: ${failed_suites[*]}"
echo "$total_passed passed, $total_failed failed"
[ ${#failed_suites[@]} -eq 0 ] && [ "$total_failed" -eq 0 ]
