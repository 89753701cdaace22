"""The `jixiao` Python module against the reviewed fixtures and the CLI."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

import jixiao

ROOT = Path(__file__).resolve().parents[2]
SEED = "fixtures/seed/poverty-2019.txt"


@pytest.fixture(autouse=True)
def at_repo_root(monkeypatch):
    # Records name files by the path given, as the expected files were blessed.
    monkeypatch.chdir(ROOT)


def expected(txt):
    return json.loads(Path(txt).with_suffix(".expected.json").read_text(encoding="utf-8"))


def fixture_inputs():
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "fixtures").rglob("*.txt"))


def cli():
    """The jixiao binary: $JIXIAO_BIN, else the newest one cargo built."""
    if os.environ.get("JIXIAO_BIN"):
        return os.environ["JIXIAO_BIN"]
    built = [p for p in (ROOT / "target/debug/jixiao", ROOT / "target/release/jixiao") if p.is_file()]
    if not built:
        pytest.fail("no jixiao binary: run `cargo build` or set JIXIAO_BIN")
    return str(max(built, key=lambda p: p.stat().st_mtime))


def test_parse_bytes_gives_the_reviewed_records():
    data = Path(SEED).read_bytes()
    records = jixiao.parse_bytes(SEED, data)
    assert records == expected(SEED)
    assert len(records) == 4
    first = records[0]
    assert first["project_name"] == "扶贫综合保险"
    value = first["indicators"][0]["value"]
    assert value["op"] == ">=" and value["number"] == 340 and value["unit"] == "户"
    # Whole numbers are ints and fractions floats, as in the JSON.
    assert type(value["number"]) is int
    assert type(first["funding"]["total"]["number"]) is float
    # Diagnostics stay in the records.
    codes = {d["code"] for r in records for d in r["diagnostics"]}
    assert "level1-inferred" in codes


def test_every_fixture_matches_its_expected_file():
    checked = 0
    for txt in fixture_inputs():
        if not Path(txt).with_suffix(".expected.json").exists():
            continue
        want = expected(txt)
        # A file that yields no form is expected as its error line, or as nothing.
        records = [w for w in want if not w.get("error")]
        if records:
            assert jixiao.parse_bytes(txt, Path(txt).read_bytes()) == records, txt
        else:
            with pytest.raises(jixiao.ParseError) as caught:
                jixiao.parse_bytes(txt, Path(txt).read_bytes())
            assert caught.value.path == txt
            for line in want:
                assert caught.value.diagnostics == line["diagnostics"], txt
        checked += 1
    assert checked > 30


def test_parse_text_is_parse_bytes_of_utf8():
    text = Path(SEED).read_text(encoding="utf-8")
    assert jixiao.parse_text(SEED, text) == jixiao.parse_bytes(SEED, text.encode(), "utf-8")


def test_legacy_encodings_are_detected_or_forced():
    text = Path(SEED).read_text(encoding="utf-8")
    gbk = text.encode("gb18030")
    detected = jixiao.parse_bytes("seed-gbk.txt", gbk)
    forced = jixiao.parse_bytes("seed-gbk.txt", gbk, encoding="gbk")
    want = [r["project_name"] for r in expected(SEED)]
    assert [r["project_name"] for r in detected] == want
    assert [r["project_name"] for r in forced] == want
    assert detected[0]["source"]["encoding"] == "GB18030"
    assert any(d["code"] == "encoding-detected" for d in detected[0]["diagnostics"])
    with pytest.raises(LookupError, match="no-such-codec"):
        jixiao.parse_bytes("x.txt", gbk, encoding="no-such-codec")


def test_a_file_without_records_raises_parse_error_naming_it():
    with pytest.raises(jixiao.ParseError) as caught:
        jixiao.parse_bytes("scans/form.txt", b"\x7fELF\x02\x01\x01" + bytes(64))
    e = caught.value
    assert isinstance(e, ValueError)
    assert e.path == "scans/form.txt"
    assert str(e).startswith("scans/form.txt: error[binary-file]")
    assert [d["code"] for d in e.diagnostics] == ["binary-file"]

    prose = "fixtures/not-a-form/prose.txt"
    with pytest.raises(jixiao.ParseError, match=re.escape(prose)) as caught:
        jixiao.parse_bytes(prose, Path(prose).read_bytes())
    assert "error[not-a-target-form]" in str(caught.value)
    assert "not-a-target-form" in {d["code"] for d in caught.value.diagnostics}

    with pytest.raises(jixiao.ParseError, match="empty-file"):
        jixiao.parse_text("blank.txt", "  \n")


def test_parse_files_equals_the_cli_json_lines():
    inputs = fixture_inputs()
    got = jixiao.parse_files(inputs, errors="include")
    out = subprocess.run(
        [cli(), "parse", "-q", "--format", "jsonl", *inputs], capture_output=True, check=False
    )
    assert out.returncode == 1  # the not-a-form fixtures are errors
    want = [json.loads(line) for line in out.stdout.decode().splitlines()]
    assert got == want
    assert any(r.get("error") for r in got) and not all(r.get("error") for r in got)


def test_parse_files_is_the_same_on_any_number_of_threads():
    inputs = [p for p in fixture_inputs() if "not-a-form" not in p]
    one = jixiao.parse_files(inputs, jobs=1)
    assert jixiao.parse_files(inputs, jobs=2) == one
    assert jixiao.parse_files(inputs) == one
    # In input order: every file's forms together, files as given.
    order = list(dict.fromkeys(r["source"]["path"] for r in one))
    assert order == inputs
    with pytest.raises(ValueError, match="jobs"):
        jixiao.parse_files(inputs, jobs=0)


def test_parse_files_walks_directories_with_a_glob():
    records = jixiao.parse_files([Path("fixtures/seed"), "fixtures/layouts"], glob="*.txt")
    paths = {r["source"]["path"] for r in records}
    assert "fixtures/seed/poverty-2019.txt" in paths
    assert all(p.endswith(".txt") for p in paths)
    walked = [p for p in fixture_inputs() if p.startswith(("fixtures/seed/", "fixtures/layouts/"))]
    assert paths == set(walked)


def test_parse_files_errors_name_the_file():
    missing = "fixtures/seed/missing.txt"
    with pytest.raises(FileNotFoundError) as caught:
        jixiao.parse_files([SEED, missing])
    assert caught.value.filename == missing
    with pytest.raises(jixiao.ParseError, match="prose.txt"):
        jixiao.parse_files([SEED, "fixtures/not-a-form/prose.txt"])
    included = jixiao.parse_files([SEED, missing], errors="include")
    assert len(included) == 5
    assert included[-1]["error"] is True
    assert included[-1]["source"]["path"] == missing
    assert included[-1]["diagnostics"][0]["code"] == "unreadable-file"
    with pytest.raises(ValueError, match="errors"):
        jixiao.parse_files([SEED], errors="ignore")
    with pytest.raises(ValueError, match="standard input"):
        jixiao.parse_files(["-"])


def test_parse_bytes_jsonl_is_the_cli_output_for_that_file():
    for path in [SEED, "fixtures/not-a-form/prose.txt"]:
        out = subprocess.run(
            [cli(), "parse", "-q", "--format", "jsonl", path], capture_output=True, check=False
        )
        assert jixiao.parse_bytes_jsonl(path, Path(path).read_bytes()) == out.stdout.decode()


def test_schemas_are_the_cli_schemas():
    for fn, args in [(jixiao.schema, []), (jixiao.spark_schema, ["--format", "spark"])]:
        out = subprocess.run([cli(), "schema", *args], capture_output=True, check=True)
        assert fn() == json.loads(out.stdout)


def test_readme_pandas_and_duckdb_example_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    example = next(b for b in blocks if "json_normalize" in b)
    scope = {}
    exec(compile(example, "README.md", "exec"), scope)
    indicators = scope["indicators"]
    records = jixiao.parse_files(["fixtures/seed/"])
    assert len(indicators) == sum(len(r["indicators"]) for r in records) == 41
    assert {"project_name", "level1", "name", "value.number", "value.unit"} <= set(indicators.columns)
    by_level = dict(scope["by_level1"].itertuples(index=False))
    assert by_level["产出指标"] == 23
