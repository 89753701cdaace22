#!/usr/bin/env bash
# CI for the Python package (python/) and the Spark example (examples/spark/): lints the
# binding crate, installs the package into a venv with pip (as the README says) and runs
# pytest on both.
# Expects `cargo test` to have built target/debug/jixiao (the tests compare with the CLI).
set -euo pipefail
cd "$(dirname "$0")/.."

# The root lock file pins the versions the root crate is tested with; cargo adds pyo3 & co.
cp Cargo.lock python/Cargo.lock
cargo fmt --check --manifest-path python/Cargo.toml
# The root build's target directory: dependencies checked by the root clippy are reused.
CARGO_TARGET_DIR="$PWD/target" cargo clippy --manifest-path python/Cargo.toml -- -D warnings

# Spark runs on the JVM (Java 17 or later).
if ! command -v java >/dev/null && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi

venv=target/ci-venv
if ! python3 -m venv "$venv" 2>/dev/null; then
    # Debian's python3 ships venv separately.
    if command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq python3-venv
    fi
    python3 -m venv "$venv"
fi
# Activated by PATH: maturin's build backend runs `maturin` by name.
export PATH="$PWD/$venv/bin:$PATH"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q maturin pytest pandas duckdb pyspark
# --no-build-isolation: build with the maturin just installed instead of fetching another.
"$venv/bin/pip" install -q --no-build-isolation --force-reinstall ./python

export JIXIAO_BIN="$PWD/target/debug/jixiao"
# The Spark job in local mode (a few minutes: a JVM and Python workers on 2 cores).
"$venv/bin/python" -m pytest -q python/tests examples/spark
