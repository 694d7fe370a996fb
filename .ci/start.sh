#!/usr/bin/env bash
# Installs what is missing, builds S3 Desk, starts the local sandbox S3 server (SeaweedFS on
# loopback, data kept in .local/sandbox) and opens the app with the sandbox offered as a
# ready connection. Closing the window stops the sandbox too.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "S3 Desk is a desktop app and needs a graphical session (DISPLAY or WAYLAND_DISPLAY is unset)." >&2
  echo "On a headless machine, try it on a virtual display: xvfb-run -a .ci/start.sh" >&2
  exit 2
fi

.ci/setup.sh
.ci/build.sh

printf '\033[1m==> %s\033[0m\n' "Starting the local sandbox (SeaweedFS on 127.0.0.1)"
coproc SANDBOX { exec .ci/sandbox.sh; }
trap 'kill "$SANDBOX_PID" 2>/dev/null; wait 2>/dev/null' EXIT
for _ in 1 2 3; do
  IFS= read -r -t 120 line <&"${SANDBOX[0]}" || { echo "The sandbox did not start; see .local/sandbox/weed.log" >&2; exit 1; }
  export "${line?}"
done
echo "Sandbox at $S3DESK_SANDBOX_ENDPOINT"

printf '\033[1m==> %s\033[0m\n' "Opening S3 Desk"
target/debug/s3-desk
