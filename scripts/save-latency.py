#!/usr/bin/env python3
"""Measures how long a toggle in an open roadmap-tui takes to be on disk: from the Space key to
the progress file holding the change.

    cargo build --release
    python3 scripts/save-latency.py [-n 40] [--bin target/release/roadmap-tui]

It drives the binary in a pseudo-terminal with the screen emulator of tuiperf.py (the measuring
harness kept beside the project), presses Space on task 1 × the first language again and again,
and after each press reads the file until task 1's status there is the one the key made. Prints
the median, p90 and max over the presses. Give two binaries with --bin to measure them in turn,
interleaved, for a side-by-side figure.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from tuiperf_load import load_tuiperf  # noqa: E402


def status_on_disk(path):
    """Task 1's first cell's status in the file, or None while it cannot be read."""
    try:
        tasks = json.loads(path.read_bytes()).get("tasks", {})
    except (OSError, ValueError):
        return None
    cells = tasks.get("1", {})
    return any(c.get("status") == "done" for c in cells.values())


def measure(tp, binary, presses):
    home = Path(tempfile.mkdtemp(prefix="save-"))
    data = home / "progress.json"
    opts = argparse.Namespace(
        cols=120, rows=40, emulator="builtin", answer_queries=True, stderr=None,
        cwd=str(home), term="xterm-256color",
        env=[f"HOME={home}", f"XDG_RUNTIME_DIR={home / 'run'}", "LANG=en_US.UTF-8"],
    )
    session = tp.Session([binary, "--data", str(data)], opts)
    session.spawn()
    times = []
    try:
        deadline = time.perf_counter() + 10
        while "Set up a local server" not in session.screen.text():
            if time.perf_counter() > deadline:
                raise SystemExit(f"{binary}: no first frame")
            session.pump(0.1)
        for i in range(presses):
            want = i % 2 == 0
            time.sleep(0.15)
            session.pump(0.01)
            t0 = time.perf_counter()
            session.send("Space")
            deadline = t0 + 5
            while status_on_disk(data) is not want:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"{binary}: press {i} never reached the disk")
                session.pump(0.0002)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        session.close()
    return times


def summary(times):
    times = sorted(times)
    p90 = times[min(len(times) - 1, int(len(times) * 0.9))]
    return (f"median {statistics.median(times):.2f} ms, p90 {p90:.2f} ms, "
            f"max {times[-1]:.2f} ms over {len(times)} presses")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=40, help="presses per set (default 40)")
    ap.add_argument("--sets", type=int, default=3, help="interleaved sets per binary (default 3)")
    ap.add_argument("--tuiperf", default=str(ROOT.parent / "shared/tools/tuiperf.py"))
    ap.add_argument("--bin", action="append",
                    help="binary to measure (repeat to compare; default the release build)")
    args = ap.parse_args()
    binaries = args.bin or [str(ROOT / "target/release/roadmap-tui")]
    tp = load_tuiperf(args.tuiperf)
    results = {b: [] for b in binaries}
    for _ in range(args.sets):
        for b in binaries:
            results[b] += measure(tp, b, args.n)
    for b in binaries:
        print(f"Space -> on disk, {b}: {summary(results[b])}")


if __name__ == "__main__":
    main()
