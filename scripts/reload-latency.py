#!/usr/bin/env python3
"""Measures how long an open roadmap-tui takes to show a change another program wrote to its
progress file: from the rename that puts the new file in place to the screen showing it.

    cargo build --release
    python3 scripts/reload-latency.py [-n 20] [--tuiperf ../shared/tools/tuiperf.py]

It drives the release binary in a pseudo-terminal with the screen emulator of tuiperf.py (the
measuring harness kept beside the project), alternately writing a file with task 2 × Go done and
one with it unchecked (each a newer change than the last), and prints the median, p90 and max
over the runs.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from tuiperf_load import load_tuiperf  # noqa: E402


def write_atomically(path, value):
    tmp = path.with_name(".incoming.json")
    tmp.write_text(json.dumps(value))
    os.rename(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=20, help="changes to time (default 20)")
    ap.add_argument("--tuiperf", default=str(ROOT.parent / "shared/tools/tuiperf.py"))
    ap.add_argument("--bin", default=str(ROOT / "target/release/roadmap-tui"))
    args = ap.parse_args()
    tp = load_tuiperf(args.tuiperf)

    home = Path(tempfile.mkdtemp(prefix="reload-"))
    data = home / "progress.json"
    opts = argparse.Namespace(
        cols=120, rows=40, emulator="builtin", answer_queries=True, stderr=None,
        cwd=str(home), term="xterm-256color",
        env=[f"HOME={home}", f"XDG_RUNTIME_DIR={home / 'run'}", "LANG=en_US.UTF-8"],
    )
    session = tp.Session([args.bin, "--data", str(data)], opts)
    session.spawn()
    try:
        def screen_has(text):
            return text in session.screen.text()

        deadline = time.perf_counter() + 10
        while not screen_has("Set up a local server") and time.perf_counter() < deadline:
            session.pump(0.1)
        times = []
        for i in range(args.n):
            done = i % 2 == 0
            # Each write is a newer change to the cell (a later stamp), a check or an uncheck.
            stamp = f"2026-11-20T08:{i // 60:02d}:{i % 60:02d}Z"
            cell = {"status": "done", "done_at": stamp} if done else {}
            tasks = {"2": {"go": {**cell, "changed_at": stamp}}}
            want = "1/630" if done else "0/630"
            time.sleep(0.2)
            t0 = time.perf_counter()
            write_atomically(data, {"version": 3, "tasks": tasks})
            deadline = t0 + 5
            while not screen_has(want):
                if time.perf_counter() > deadline:
                    raise SystemExit(f"run {i}: the screen never showed {want}")
                session.pump(0.05)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        session.close()
    times.sort()
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    print(f"file written -> screen updated over {len(times)} changes: "
          f"median {statistics.median(times):.2f} ms, p90 {p90:.2f} ms, max {times[-1]:.2f} ms")


if __name__ == "__main__":
    main()
