#!/bin/sh
# The stress test of tests/stress.rs at full size, against the release build: command-line
# writers, two TUIs and a writer that takes no lock on one progress file for a fixed time, every
# acknowledged change held to every later read and to the final file. Prints the figures; exits
# non-zero if a change was lost, or if the run made fewer changes than MIN_CHANGES.
#
#   scripts/stress.sh                                # full size: 180 s, at least 50,000 changes
#   DURATION=60 COMMANDS=2 MIN_CHANGES=0 scripts/stress.sh
set -u
cd "$(dirname "$0")/.."

export ROADMAP_TUI_STRESS_SECONDS="${DURATION:-180}"
export ROADMAP_TUI_STRESS_COMMANDS="${COMMANDS:-3}"
export ROADMAP_TUI_STRESS_TUIS="${TUIS:-2}"
export ROADMAP_TUI_STRESS_PAUSE_MS="${PAUSE_MS:-5}"
export ROADMAP_TUI_STRESS_MIN_CHANGES="${MIN_CHANGES:-50000}"
export ROADMAP_TUI_STRESS_SEED="${SEED:-1577058304}"
export RUST_BACKTRACE=0

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
cargo test --release --locked --test stress -- --nocapture >"$log" 2>&1
status=$?
end=$(date +%s)

echo "stress at full size: $ROADMAP_TUI_STRESS_SECONDS s of writing, $((end - start)) s including the build"
grep -E '^stress:' "$log"
grep -E '^test .* (ok|FAILED)$|^test result' "$log"
if [ "$status" -ne 0 ]; then
    echo "the test failed (exit $status):" >&2
    grep -vE '^stress:' "$log" | grep -A12 -E 'panicked' >&2
fi
exit "$status"
