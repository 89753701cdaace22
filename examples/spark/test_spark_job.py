"""The Spark job in local mode on the bundled fixtures, by both routes, against `jixiao parse`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).parent))

import jixiao_job  # noqa: E402  (beside this file)
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql.types import DoubleType, LongType, StringType  # noqa: E402

INPUT = str(ROOT / "fixtures" / "*" / "*.txt")


def cli():
    """The jixiao binary: $JIXIAO_BIN, else the newest one cargo built."""
    if os.environ.get("JIXIAO_BIN"):
        return os.environ["JIXIAO_BIN"]
    built = [p for p in (ROOT / "target/debug/jixiao", ROOT / "target/release/jixiao") if p.is_file()]
    if not built:
        pytest.fail("no jixiao binary: run `cargo build` or set JIXIAO_BIN")
    return str(max(built, key=lambda p: p.stat().st_mtime))


def local_path(path):
    """`file:/a/b.txt` (as binaryFiles names files) → `/a/b.txt`."""
    return path[len("file:") :] if path.startswith("file:") else path


@pytest.fixture(scope="module")
def spark():
    # The executors' Python must be this one, where the jixiao package is installed.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("jixiao-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def cli_lines():
    """`jixiao parse --format jsonl` on the same files, named by absolute path."""
    files = jixiao_job.list_inputs(INPUT)
    assert len(files) > 30
    out = subprocess.run([cli(), "parse", "-q", "--format", "jsonl", *files], capture_output=True, check=False)
    assert out.returncode == 1, out.stderr  # the not-a-form fixtures are errors
    return [json.loads(line) for line in out.stdout.decode().splitlines()]


def read_tables(spark, output):
    return {name: spark.read.parquet(os.path.join(output, name)) for name in ("records", "indicators", "errors")}


def summary(tables):
    """What both routes and the CLI must agree on, keyed by file and form."""
    records = {
        (local_path(r.source.path), r.source.form_index): (
            r.project_name,
            r.year,
            r.funding.total.number if r.funding.total else None,
            len(r.indicators),
            r.needs_review,
            [d.code for d in r.diagnostics],
        )
        for r in tables["records"].collect()
    }
    indicators = {
        (local_path(i.path), i.form_index, i.position): (i.level1, i.name, i.raw, i.op, i.number, i.unit, i.line)
        for i in tables["indicators"].collect()
    }
    errors = {local_path(e.path): [d.code for d in e.diagnostics] for e in tables["errors"].collect()}
    return records, indicators, errors


def cli_summary(lines):
    forms = [r for r in lines if not r.get("error")]
    records = {
        (r["source"]["path"], r["source"]["form_index"]): (
            r["project_name"],
            r["year"],
            r["funding"]["total"]["number"] if r["funding"]["total"] else None,
            len(r["indicators"]),
            r["needs_review"],
            [d["code"] for d in r["diagnostics"]],
        )
        for r in forms
    }
    indicators = {}
    for r in forms:
        for i, ind in enumerate(r["indicators"]):
            v = ind["value"] or {}
            number = v.get("number")
            indicators[(r["source"]["path"], r["source"]["form_index"], i)] = (
                ind["level1"],
                ind["name"],
                v.get("raw"),
                v.get("op"),
                None if number is None else float(number),
                v.get("unit"),
                ind["line"],
            )
    errors = {e["source"]["path"]: [d["code"] for d in e["diagnostics"]] for e in lines if e.get("error")}
    return records, indicators, errors


def test_package_route_equals_the_cli(spark, cli_lines, tmp_path):
    output = str(tmp_path / "package")
    counts = jixiao_job.run(spark, INPUT, output, route="package", partitions=3)
    want_records, want_indicators, want_errors = cli_summary(cli_lines)
    assert counts == {"records": len(want_records), "indicators": len(want_indicators), "errors": len(want_errors)}
    tables = read_tables(spark, output)
    records, indicators, errors = summary(tables)
    assert records == want_records
    assert indicators == want_indicators
    assert errors == want_errors
    # The explicit schema, not inference: numbers are doubles, an op column strings.
    fields = {f.name: f.dataType for f in tables["indicators"].schema.fields}
    assert fields["number"] == DoubleType()
    assert fields["op"] == StringType()
    assert fields["line"] == LongType()
    seed = tables["records"].filter("project_name = '扶贫综合保险'").collect()
    assert len(seed) == 1 and seed[0].funding.total.number == 6.7 and seed[0].year == 2019


def test_pipe_route_equals_the_package_route(spark, cli_lines, tmp_path):
    output = str(tmp_path / "pipe")
    counts = jixiao_job.run(spark, INPUT, output, route="pipe", jixiao_bin=cli(), partitions=3)
    want_records, want_indicators, want_errors = cli_summary(cli_lines)
    assert counts["records"] == len(want_records)
    records, indicators, errors = summary(read_tables(spark, output))
    assert records == want_records
    assert indicators == want_indicators
    assert errors == want_errors


def test_pipe_route_notices_files_without_output(spark, tmp_path):
    # A "jixiao" that prints nothing: the job must not write partial tables silently.
    fake = tmp_path / "jixiao"
    fake.write_text(f"#!/bin/sh\nif [ \"$1\" = schema ]; then exec {cli()} \"$@\"; fi\ncat >/dev/null\n")
    fake.chmod(0o755)
    with pytest.raises(RuntimeError, match="have no output line"):
        jixiao_job.run(spark, INPUT, str(tmp_path / "out"), route="pipe", jixiao_bin=str(fake), partitions=2)
