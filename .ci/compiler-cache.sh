# Sourced by every script that compiles. sccache (installed into .venv by setup.sh) wraps
# rustc, and through cc-rs the C compiler of the -sys crates, with its local disk cache
# (~/.cache/sccache). A fresh clone on a machine that has built before, which is what CI
# runs, then reuses the compiled dependencies instead of building them again. Crates that
# link (proc macros, build scripts, binaries) and incremental workspace crates still compile.
# A server started without these settings keeps its own: `sccache --stop-server` first.
if [ -z "${RUSTC_WRAPPER:-}" ] && [ -x .venv/bin/sccache ]; then
  export RUSTC_WRAPPER="$PWD/.venv/bin/sccache"
  # The checkout's own path is left out of the cache keys: sccache keys on absolute paths,
  # and every clean clone (CI's) lives somewhere else. Read when the server starts.
  export SCCACHE_BASEDIRS="$PWD"
fi
