#!/usr/bin/env bash
# The figures of BENCHMARKS.md "Streaming large files": throughput at -j1 and
# -j2, peak RSS and time against size, on corpora generated from the bundled
# fixtures by examples/make_corpus.rs (every layout mixed; digits shifted and
# surnames rotated per copy), and a 1 GB file in GB18030 (the generated text
# converted by iconv, read by the windowed decoder). Every input is written
# under $DIR and deleted at the end (at most 2.4 GB of disk at a time).
#
#   scripts/bench-stream.sh            # all figures (about 20 minutes on 2 idle cores)
#   DIR=/scratch scripts/bench-stream.sh
#
# Needs /usr/bin/time (Debian's `time` package) and iconv. Run when the machine is
# otherwise idle: wall-clock figures on a shared machine are noisy; the CPU
# seconds (user+sys) are the steadier figure.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${DIR:-/tmp/jixiao-bench}
mkdir -p "$DIR"
trap 'rm -rf "$DIR"' EXIT

cargo build --release --quiet --bin jixiao --example make_corpus
BIN=./target/release/jixiao
MAKE=./target/release/examples/make_corpus

# One run: label, jobs, input; prints wall s, CPU s, peak RSS, MB/s and the
# load average (1 and 5 minutes) when the run ended.
run() {
    local label=$1 jobs=$2 input=$3 bytes
    bytes=$(du -sb "$input" | cut -f1)
    /usr/bin/time -f "%e %U %S %M" -o "$DIR/time" \
        "$BIN" parse -q -j"$jobs" --format jsonl -o /dev/null "$input" || true
    read -r wall user sys rss <"$DIR/time"
    read -r l1 l5 _ </proc/loadavg
    awk -v l="$label" -v j="$jobs" -v b="$bytes" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" \
        -v load="$l1 $l5" \
        'BEGIN { printf "%-22s -j%s %8.1f MB %7.2f s wall %7.2f s cpu %7.1f MB/s wall %6.1f MB/s/cpu %6.1f MB RSS  load %s\n",
                 l, j, b/1e6, w, u+s, b/1e6/w, b/1e6/(u+s), r/1024, load }'
}

uptime
$MAKE file "$DIR/c1m.txt" 1000000 >/dev/null
$MAKE file "$DIR/c10m.txt" 10000000 >/dev/null
$MAKE file "$DIR/c100m.txt" 100000000 >/dev/null
$MAKE dir "$DIR/d1g" 1000 1000000 >/dev/null

echo "# throughput"
run "10 MB file" 1 "$DIR/c10m.txt"
run "10 MB file" 2 "$DIR/c10m.txt"
run "1000 x 1 MB dir" 1 "$DIR/d1g"
run "1000 x 1 MB dir" 2 "$DIR/d1g"

echo "# time against size"
run "1 MB file" 1 "$DIR/c1m.txt"
run "10 MB file" 1 "$DIR/c10m.txt"
run "100 MB file" 1 "$DIR/c100m.txt"
rm -rf "$DIR/d1g"
$MAKE file "$DIR/c1g.txt" 1000000000 >/dev/null
run "1000 MB file" 1 "$DIR/c1g.txt"
run "1000 MB file" 2 "$DIR/c1g.txt"
rm -f "$DIR/c1g.txt"

echo "# a 1 GB file in GB18030 (1.4 GB of generated text converted: 993 MB)"
$MAKE file "$DIR/c1400m.txt" 1400000000 >/dev/null
iconv -f UTF-8 -t GB18030 "$DIR/c1400m.txt" >"$DIR/gb1g.txt"
rm -f "$DIR/c1400m.txt"
run "1 GB GB18030 file" 1 "$DIR/gb1g.txt"
run "1 GB GB18030 file" 2 "$DIR/gb1g.txt"
uptime
