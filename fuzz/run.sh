#!/bin/sh
# Runs the fuzz targets one after another, SECONDS each (default 600), one job
# at a time, crashes recorded in artifacts/<target>/ without stopping the run.
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
# The core forbids unsafe code, so AddressSanitizer (cargo-fuzz's default) adds
# little but costs speed: it is off unless FUZZ_SANITIZER=address.
# Seeds: cargo test -p docgram-core --test fuzz_seeds -- --ignored
set -eu
cd "$(dirname "$0")"
secs=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-extract layouts grammar check_expr}
for t in $targets; do
    mkdir -p "corpus/$t" "artifacts/$t"
    case $t in
        extract | layouts) dict=dict/report.dict ;;
        *) dict=dict/grammar.dict ;;
    esac
    echo "== $t: start $(date -u +%FT%TZ), $secs s"
    RUSTC_BOOTSTRAP=1 cargo fuzz run -O -s "${FUZZ_SANITIZER:-none}" --target-dir "${FUZZ_TARGET_DIR:-target}" "$t" \
        -- -max_total_time="$secs" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -artifact_prefix="artifacts/$t/" -dict="$dict" || echo "== $t: exit $?"
    echo "== $t: end $(date -u +%FT%TZ)"
done
