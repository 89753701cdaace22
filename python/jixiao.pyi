"""Turns OCR'd Chinese public-finance forms (绩效目标申报表) into typed records.

Each record is a dict with exactly the JSON shape `jixiao parse` writes
(docs/record-format.md); diagnostics stay in the records.
"""

import os
from typing import Any, Literal, Optional, Sequence, Union

__version__: str

Record = dict[str, Any]

class ParseError(ValueError):
    """A file that yields no record (undecodable, empty, binary, no form)."""

    path: str
    diagnostics: list[dict[str, Any]]

def parse_bytes(name: str, data: bytes, encoding: Optional[str] = None) -> list[Record]:
    """Decodes and parses one file's bytes; raises ParseError when it yields no record
    and LookupError for an unknown encoding."""

def parse_text(name: str, text: str) -> list[Record]:
    """Parses already decoded text (recorded as UTF-8)."""

def parse_bytes_jsonl(name: str, data: bytes, encoding: Optional[str] = None) -> str:
    """The JSON Lines text `jixiao parse --format jsonl` writes for this file:
    one line per record, or one error line when it yields none."""

def parse_files(
    paths: Sequence[Union[str, os.PathLike[str]]],
    jobs: Optional[int] = None,
    encoding: Optional[str] = None,
    glob: Optional[str] = None,
    errors: Literal["raise", "include"] = "raise",
) -> list[Record]:
    """Parses files and directories (walked as the CLI walks them, or keeping the names that
    match `glob`) in parallel, the GIL released; records in input order.
    errors="raise": OSError / ParseError for the first failing file;
    errors="include": such a file becomes its error dict ("error": True)."""

def schema() -> dict[str, Any]:
    """The JSON Schema of a list of records (`jixiao schema`)."""

def spark_schema() -> dict[str, Any]:
    """The Spark StructType JSON of a record (`jixiao schema --format spark`)."""
