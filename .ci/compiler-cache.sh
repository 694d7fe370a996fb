# Sourced by every script that compiles. sccache (installed into .venv by setup.sh) wraps
# rustc, and through cc-rs the C compiler of the -sys crates, with its local disk cache
# (~/.cache/sccache). A fresh clone on a machine that has built before, which is what CI
# runs, then reuses the compiled dependencies instead of building them again. Crates that
# link (proc macros, build scripts, binaries) and incremental workspace crates still compile.
if [ -z "${RUSTC_WRAPPER:-}" ] && [ -x .venv/bin/sccache ]; then
  export RUSTC_WRAPPER="$PWD/.venv/bin/sccache"
fi
