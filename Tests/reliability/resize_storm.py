#!/usr/bin/env python3
"""Resize storm: 1,000 random terminal sizes, 1x1 included, pushed at a running app.

The app runs in tmux (as in Tests/e2e), is signed in on the embedded sandbox and shows the
station list. Then `tmux resize-window` is called `--count` times with random sizes
(1..250 columns x 1..80 rows, seeded; 1x1, 2x2, 1x80, 250x1 and the "too small" border
sizes always included), mostly back to back and every 25th with a pause long enough for
the app to draw at that size. Afterwards the window goes back to 100x30 and the checks are:
the process is alive, the last frame is right (header, the list nearest first, the key
hints on the bottom line, nothing left over from smaller frames), keys still work, and
`q` ends the app with status 0 and the terminal restored.

Usage: Tests/reliability/resize_storm.py --bin PATH [--count 1000] [--seed 1]
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import run_e2e as e2e  # noqa: E402  (the tmux driver and checks of the end-to-end tests)


def frame_is_right(screen: str) -> str | None:
    lines = screen.splitlines()
    if len(lines) < 30:
        lines += [""] * (30 - len(lines))
    if not lines[0].startswith(" ChargeTerm — Stations"):
        return "no header on the first line"
    if not e2e.stations_listed_nearest_first(screen):
        return "the list is not there, nearest first"
    if "q quit" not in lines[29]:
        return "no key hints on the bottom line"
    if any(len(line) > 100 for line in lines):
        return "a line is wider than the terminal"
    if "Terminal too small" in screen:
        return "the too-small notice is still there"
    return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="chargeterm-resize-")
    h = e2e.Harness(os.path.abspath(args.bin), work)
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=work)
    sizes = [(1, 1), (2, 2), (1, 80), (250, 1), (39, 10), (40, 9), (40, 10)]
    sizes += [(rng.randint(1, 250), rng.randint(1, 80)) for _ in range(max(0, args.count - len(sizes)))]
    rng.shuffle(sizes)
    try:
        t.start(e2e.app_command(h.binary, h.env(home), "xterm-256color"))
        e2e.sign_in(t)
        t.wait_for(e2e.stations_listed_nearest_first, label="station list", timeout=30)
        pid = e2e.find_app_pid(t.pane_pid(), h.binary)
        if pid is None:
            print("FAIL could not find the app's process")
            return 1
        start = time.monotonic()
        for i, (w, hgt) in enumerate(sizes):
            t.cmd("resize-window", "-t", t.name, "-x", str(w), "-y", str(hgt))
            if i % 25 == 0:
                time.sleep(0.05)  # let it draw at this size
            if i % 100 == 0 and not e2e.process_alive(pid):
                print(f"FAIL the app died during the storm (after {i} sizes)")
                return 1
        storm = time.monotonic() - start
        t.cmd("resize-window", "-t", t.name, "-x", "100", "-y", "30")
        try:
            screen = t.wait_for(lambda s: frame_is_right(s) is None, label="the right frame at 100x30", timeout=10)
        except e2e.ScenarioFailed:
            print(f"FAIL last frame wrong: {frame_is_right(t.screen())}\n{t.screen()}")
            return 1
        # Keys still work: ? opens the help, any key closes it, q quits.
        t.type("?")
        t.wait_for("Help", label="the help overlay", timeout=5)
        t.type("x")
        t.wait_for(lambda s: "Help" not in s and frame_is_right(s) is None, label="the list again", timeout=5)
        t.type("q")
        e2e.check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
        print(f"PASS {len(sizes)} sizes (1x1 included) in {storm:.1f} s: no crash, last frame right at 100x30, keys answer, exit 0, terminal restored")
        return 0
    except e2e.ScenarioFailed as e:
        print(f"FAIL {e}")
        return 1
    finally:
        t.kill_server()


if __name__ == "__main__":
    sys.exit(main())
