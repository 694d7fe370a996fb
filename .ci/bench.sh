#!/usr/bin/env bash
# Benchmarks: the engine beside peer tools against the same local SeaweedFS in one run,
# printing calls, times and ratios. Release build (the first one takes several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
.ci/setup.sh --bench-tools
. .ci/compiler-cache.sh
# The tools open a connection per request in flight, and the counting proxy two sockets for
# each: more than the usual 1024 files.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
printf '\033[1m==> %s\033[0m\n' "Emptying and deleting a bucket: engine vs aws s3 rb --force"
cargo run --release --quiet -p s3desk-tests --bin bench-empty-bucket
printf '\033[1m==> %s\033[0m\n' "Listing 100 000 keys: engine vs aws s3 ls --recursive"
cargo run --release --quiet -p s3desk-tests --bin bench-list-objects
printf '\033[1m==> %s\033[0m\n' "Uploads and downloads: s3desk cp vs s5cmd, aws s3 cp and rclone"
cargo build --release --quiet -p s3desk-cli
cargo run --release --quiet -p s3desk-tests --bin bench-transfers
printf '\033[1m==> %s\033[0m\n' "Sync of a 10 000-file tree: s3desk sync vs s5cmd, aws s3 sync and rclone sync"
cargo run --release --quiet -p s3desk-tests --bin bench-sync
