#!/bin/sh
# The torture tests of tests/torture.rs at full size, against the release build: 1,000 kill -9s
# over the command line, 1,000 over the TUI, 10,000 mutants per loader (progress files and
# roadmaps). Prints each test's figures; exits non-zero if any test failed.
#
#   scripts/torture.sh                    # full size
#   KILLS=100 TUI_KILLS=100 MUTANTS=1000 SEED=7 scripts/torture.sh
set -u
cd "$(dirname "$0")/.."

export ROADMAP_TUI_TORTURE_KILLS="${KILLS:-1000}"
export ROADMAP_TUI_TORTURE_TUI_KILLS="${TUI_KILLS:-1000}"
export ROADMAP_TUI_TORTURE_MUTANTS="${MUTANTS:-10000}"
export ROADMAP_TUI_TORTURE_SEED="${SEED:-1577058304}"
export RUST_BACKTRACE=0

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
cargo test --release --locked --test torture -- --nocapture --test-threads 2 >"$log" 2>&1
status=$?
end=$(date +%s)

echo "torture at full size: seed $ROADMAP_TUI_TORTURE_SEED, $((end - start)) s including the build"
grep -E '^(torture:|  [^ ])' "$log"
grep -E '^test .* (ok|FAILED)$|^test result' "$log"
if [ "$status" -ne 0 ]; then
    echo "some tests failed (exit $status); the full log:" >&2
    grep -vE '^(torture:|  [^ ])' "$log" | grep -E 'panicked|error' >&2
fi
exit "$status"
