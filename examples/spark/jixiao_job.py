"""Parse an archive of forms on Spark and write Parquet tables.

Two routes, the same output:

* ``--route package`` (default): ``binaryFiles`` reads the files from any storage Spark reads
  (HDFS, S3, a local or shared directory); each partition is parsed in the executor's Python
  by the ``jixiao`` package (``pip install ./python`` on every node, or ship the wheel).
* ``--route pipe``: no package on the executors, only the ``jixiao`` binary: the file paths
  (which every executor must be able to open, e.g. on a shared mount) are piped through
  ``jixiao parse --files-from - --format jsonl``.

Both produce JSON Lines exactly as ``jixiao parse --format jsonl`` writes them, read with
the explicit record schema (``jixiao schema --format spark``), never an inferred one. Written
under OUTPUT: ``records/`` (one row per form, nested as in the JSON), ``indicators/`` (one
row per indicator, flattened) and ``errors/`` (one row per file that yielded no form).

    spark-submit examples/spark/jixiao_job.py 'fixtures/*/*.txt' /tmp/jixiao-out
    spark-submit examples/spark/jixiao_job.py --route pipe --jixiao target/release/jixiao 'fixtures/*/*.txt' /tmp/out
"""

import argparse
import glob
import json
import os
import shlex
import subprocess
import sys

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BooleanType, StructField, StructType


def line_schema(record_schema_json):
    """The schema of a JSON Lines line: a record, or a file error line (``error`` true,
    ``source.path``, ``diagnostics``), whose fields are a subset of a record's."""
    schema = StructType.fromJson(record_schema_json)
    return schema.add(StructField("error", BooleanType(), True))


def parse_partition(files):
    """``mapPartitions`` over ``(path, bytes)``: every file's JSON Lines, one string a line."""
    import jixiao  # imported on the executor

    for path, data in files:
        # Never raises for a file's content: a file without a form is an error line.
        yield from jixiao.parse_bytes_jsonl(path, data).splitlines()


def lines_with_package(spark, input_path, partitions):
    """JSON Lines from ``binaryFiles`` parsed by the Python package on the executors."""
    if __name__ != "__main__":
        # Imported as a module (a test, a notebook): the executors unpickle
        # parse_partition by module name, so they need this file too.
        spark.sparkContext.addPyFile(os.path.abspath(__file__))
    files = spark.sparkContext.binaryFiles(input_path, minPartitions=partitions)
    return files.mapPartitions(parse_partition)


def list_inputs(input_path):
    """The files a local or shared path names, sorted: a glob's matches (``archive/*/*.txt``,
    as ``binaryFiles`` reads it), a directory's ``*.txt`` files recursively, or one file."""
    if glob.has_magic(input_path):
        found = [p for p in glob.glob(input_path, recursive=True) if os.path.isfile(p)]
    elif os.path.isdir(input_path):
        found = [
            os.path.join(root, n) for root, _, names in os.walk(input_path) for n in names if n.endswith(".txt")
        ]
    else:
        found = [input_path]
    return sorted(os.path.abspath(p) for p in found)


def lines_with_pipe(spark, paths, jixiao_bin, partitions):
    """JSON Lines from ``jixiao parse --files-from -`` run once per partition of paths."""
    command = f"{shlex.quote(jixiao_bin)} parse --quiet --format jsonl --files-from -"
    rdd = spark.sparkContext.parallelize(paths, max(1, min(partitions, len(paths))))
    # jixiao exits 1 when a file has an error diagnostic, which is data, not a failure:
    # checkCode stays off, and completeness is checked on the output instead.
    return rdd.pipe(command, checkCode=False)


def indicators_table(records: DataFrame) -> DataFrame:
    """One row per indicator with its form's keys beside it, every value field a column."""
    exploded = records.select(
        F.col("source.path").alias("path"),
        F.col("source.form_index").alias("form_index"),
        "project_name",
        "year",
        "department",
        F.posexplode("indicators").alias("position", "indicator"),
    )
    return exploded.select(
        "path",
        "form_index",
        "project_name",
        "year",
        "department",
        "position",
        F.col("indicator.level1").alias("level1"),
        F.col("indicator.level2").alias("level2"),
        F.col("indicator.name").alias("name"),
        F.col("indicator.value.raw").alias("raw"),
        F.col("indicator.value.kind").alias("kind"),
        F.col("indicator.value.op").alias("op"),
        F.col("indicator.value.number").alias("number"),
        F.col("indicator.value.unit").alias("unit"),
        F.col("indicator.value.min").alias("min"),
        F.col("indicator.value.max").alias("max"),
        F.col("indicator.line").alias("line"),
    )


def run(spark, input_path, output, route="package", jixiao_bin="jixiao", partitions=None):
    """Parses ``input_path`` by ``route`` and writes the three tables under ``output``.
    Returns the number of records, indicators and error lines written."""
    partitions = partitions or spark.sparkContext.defaultParallelism
    if route == "package":
        import jixiao

        schema_json = jixiao.spark_schema()
        lines = lines_with_package(spark, input_path, partitions)
        expected_paths = None
    elif route == "pipe":
        schema_json = json.loads(
            subprocess.run([jixiao_bin, "schema", "--format", "spark"], capture_output=True, check=True).stdout
        )
        expected_paths = list_inputs(input_path)
        if not expected_paths:
            raise SystemExit(f"no .txt files under {input_path}")
        lines = lines_with_pipe(spark, expected_paths, jixiao_bin, partitions)
    else:
        raise ValueError(f"unknown route {route!r}")

    # FAILFAST: a line that does not fit the schema stops the job instead of becoming nulls.
    parsed = spark.read.schema(line_schema(schema_json)).option("mode", "FAILFAST").json(lines).cache()
    if expected_paths is not None:
        seen = {r.path for r in parsed.select(F.col("source.path").alias("path")).distinct().collect()}
        missing = sorted(set(expected_paths) - seen)
        if missing:
            raise RuntimeError(f"{len(missing)} files have no output line (did jixiao fail?): {missing[:5]}")

    records = parsed.filter(F.col("error").isNull()).drop("error")
    errors = parsed.filter(F.col("error")).select(
        F.col("source.path").alias("path"), F.col("source.encoding").alias("encoding"), "diagnostics"
    )
    indicators = indicators_table(records)
    records.write.mode("overwrite").parquet(os.path.join(output, "records"))
    indicators.write.mode("overwrite").parquet(os.path.join(output, "indicators"))
    errors.write.mode("overwrite").parquet(os.path.join(output, "errors"))
    counts = {"records": records.count(), "indicators": indicators.count(), "errors": errors.count()}
    parsed.unpersist()
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "input", help="files Spark can read, a glob such as 'archive/*/*.txt' (the pipe route: a local or shared path)"
    )
    parser.add_argument("output", help="the directory for records/, indicators/ and errors/ (Parquet)")
    parser.add_argument("--route", choices=["package", "pipe"], default="package")
    parser.add_argument("--jixiao", default="jixiao", help="the jixiao binary for --route pipe")
    parser.add_argument("--partitions", type=int, help="default: the cluster's parallelism")
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("jixiao").getOrCreate()
    try:
        counts = run(spark, args.input, args.output, args.route, args.jixiao, args.partitions)
    finally:
        spark.stop()
    print(json.dumps(counts))


if __name__ == "__main__":
    sys.exit(main())
