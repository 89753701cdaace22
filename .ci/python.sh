#!/usr/bin/env bash
# CI for the Python package (python/) and the Spark example (examples/spark/): lints the
# binding crate, installs the package into a venv with pip (as the README says) and runs pytest.
# Expects `cargo test` to have built target/debug/jixiao (the tests compare with the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --check --manifest-path python/Cargo.toml
cargo clippy --manifest-path python/Cargo.toml -- -D warnings

venv=target/ci-venv
if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 ships venv separately.
    if command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq python3-venv
    fi
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q maturin pytest pandas duckdb
# --no-build-isolation: build with the maturin just installed instead of fetching another.
"$venv/bin/pip" install -q --no-build-isolation --force-reinstall ./python

export JIXIAO_BIN="$PWD/target/debug/jixiao"
"$venv/bin/python" -m pytest -q python/tests
