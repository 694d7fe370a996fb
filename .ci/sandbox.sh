#!/usr/bin/env bash
# Runs a SeaweedFS S3 server on loopback until stopped: the app's local sandbox, and the
# server the end-to-end tests and the engine tests start. Usage: .ci/sandbox.sh [DIR]
# DIR keeps the data and the server's throwaway key pair (default .local/sandbox). Once
# the server answers, prints its address and keys as S3DESK_SANDBOX_* lines on stdout.
#
# Why SeaweedFS: it checks SigV4 signatures and presigned links, does multipart and
# checksums right, keeps objects on disk (a 50 GB upload does not fill memory) and is the
# fastest server measured here. moto, the other server the tests use, knows more of the
# control plane but checks no signatures and holds every object in memory.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(mkdir -p "${1:-$root/.local/sandbox}" && cd "${1:-$root/.local/sandbox}" && pwd)
weed=${S3DESK_VENV:-$root/.venv}/bin/weed
python=${S3DESK_VENV:-$root/.venv}/bin/python3
[ -x "$weed" ] || { echo "sandbox: $weed is missing; run .ci/setup.sh first" >&2; exit 1; }

# A key pair made once per sandbox folder, readable only by its owner. It guards a server
# that listens on loopback only; it is not an AWS credential.
if [ ! -s "$dir/identities.json" ]; then
  umask 077
  "$python" - "$dir/identities.json" <<'PY'
import json, secrets, sys
identity = {"name": "sandbox",
            "credentials": [{"accessKey": "sandbox-" + secrets.token_hex(6), "secretKey": secrets.token_urlsafe(30)}],
            "actions": ["Admin", "Read", "List", "Tagging", "Write"]}
json.dump({"identities": [identity]}, open(sys.argv[1], "w"))
PY
fi
read -r access_key secret_key < <("$python" -c '
import json, sys
c = json.load(open(sys.argv[1]))["identities"][0]["credentials"][0]
print(c["accessKey"], c["secretKey"])' "$dir/identities.json")

# Free loopback ports for S3, master, volume, filer and admin and their gRPC twins, so
# that several servers (the sandbox, the tests') run side by side.
read -r s3 s3_grpc master master_grpc volume volume_grpc filer filer_grpc admin admin_grpc < <("$python" -c '
import socket
socks = [socket.socket() for _ in range(10)]
for s in socks: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

# -volume.max: left at 0, SeaweedFS allows free disk ÷ 1 GiB volumes, and every bucket that
# holds data takes one. On a machine with 20 GB free the test suite's buckets ran out of
# volumes and writes failed with InternalError. Volumes are sparse files created on demand,
# so a high count costs nothing until data arrives; the real limit stays the disk itself.
mkdir -p "$dir/data"
"$weed" mini -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 -master.telemetry=false \
  -s3.port="$s3" -s3.port.grpc="$s3_grpc" -master.port="$master" -master.port.grpc="$master_grpc" \
  -volume.port="$volume" -volume.port.grpc="$volume_grpc" -filer.port="$filer" -filer.port.grpc="$filer_grpc" \
  -admin.port="$admin" -admin.port.grpc="$admin_grpc" \
  -s3.config="$dir/identities.json" -s3.allowDeleteBucketNotEmpty=false -volume.max=1000 \
  -webdav=false -admin.ui=false -s3.port.iceberg=0 -s3.port.lance=0 >"$dir/weed.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null' EXIT
trap 'exit 0' INT TERM

for _ in $(seq 1 300); do
  kill -0 "$pid" 2>/dev/null || { echo "sandbox: SeaweedFS exited; its log:" >&2; tail -20 "$dir/weed.log" >&2; exit 1; }
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$s3/" || true)
  [ "$code" != "000" ] && [ "$code" != "503" ] && break
  sleep 0.2
done
echo "S3DESK_SANDBOX_ENDPOINT=http://127.0.0.1:$s3"
echo "S3DESK_SANDBOX_ACCESS_KEY_ID=$access_key"
echo "S3DESK_SANDBOX_SECRET_ACCESS_KEY=$secret_key"
wait "$pid"
