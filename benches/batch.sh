#!/usr/bin/env bash
# Whole-process benchmark: docgram over a folder of generated reports, to JSONL.
#
#   benches/batch.sh [N] [DIR]     (default: 10000 reports in $TMPDIR/docgram-batch-N)
#
# Generates the folder once (examples/gen_reports.rs: layouts and formats in
# turn, non-zero values, realistic noise), then times
# `docgram extract -q -f jsonl -o /dev/null -jJ DIR` for J = 1 and 2 with
# /usr/bin/time -v (wall time, peak RSS), and the floor: `grep -rc 本年 DIR`
# over the same files. Honours CARGO_TARGET_DIR.
set -euo pipefail

N=${1:-10000}
DIR=${2:-${TMPDIR:-/tmp}/docgram-batch-$N}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
RUNS=${RUNS:-3}

cd "$ROOT"
cargo build --release -q -p docgram-cli
cargo build --release -q -p docgram-benches --example gen_reports
DOCGRAM="$TARGET/release/docgram"

if [ ! -f "$DIR/.complete-$N" ]; then
    rm -rf "$DIR"
    "$TARGET/release/examples/gen_reports" "$DIR" "$N"
    touch "$DIR/.complete-$N"
fi
BYTES=$(find "$DIR" -name '*.txt' -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
echo "$N reports, $BYTES bytes in $DIR"

# best of RUNS: prints "seconds peak_kb"
measure() {
    local best="" rss=0 log
    log=$(mktemp)
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -v "$@" >/dev/null 2>"$log" || true
        local wall kb
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
        kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
        if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
        if [ "$kb" -gt "$rss" ]; then rss=$kb; fi
    done
    rm -f "$log"
    echo "$best $rss"
}

read -r floor floor_kb < <(measure grep -rc 本年 "$DIR")
printf '%-28s %8.2f s %10.0f reports/s %8.1f MB/s %8d KB peak\n' "grep -rc 本年 (floor)" "$floor" \
    "$(awk "BEGIN{print $N/$floor}")" "$(awk "BEGIN{print $BYTES/1e6/$floor}")" "$floor_kb"
for j in 1 2; do
    read -r t kb < <(measure "$DOCGRAM" extract -q -f jsonl -o /dev/null -j"$j" "$DIR")
    printf '%-28s %8.2f s %10.0f reports/s %8.1f MB/s %8d KB peak  (%.1fx the floor)\n' \
        "docgram extract -j$j" "$t" "$(awk "BEGIN{print $N/$t}")" \
        "$(awk "BEGIN{print $BYTES/1e6/$t}")" "$kb" "$(awk "BEGIN{print $t/$floor}")"
done
