#!/usr/bin/env bash
# Builds the UI and the app binary (target/debug/s3-desk) with the UI embedded, through the
# stock Tauri CLI. Debug profile: a release build takes several times longer on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
. .ci/compiler-cache.sh
printf '\033[1m==> %s\033[0m\n' "Building S3 Desk"
npx tauri build --debug --no-bundle
