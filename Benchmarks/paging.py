#!/usr/bin/env python3
"""P7: paging through the station list over a slow link.

Starts the sandbox as its own process with `--fault-latency L-L` (every request answered
L seconds late) and enough stations that about 500 lie within the list's radius, and
runs `chargeterm --endpoint` against it under an 80x24 pseudo-terminal. A person presses
PgDn every `--interval` seconds (default 0.3) from the top until the list shows its last
station, then PgUp back to the first. The same walk runs at 0 ms added latency.

Measured from what the terminal shows (pyte), every chunk of output counted as a frame:
  * the share of frames that show a "Loading…" row in the list;
  * the share of page turns (key presses) after which any frame showed one;
  * the longest a loading row stayed on screen;
  * the number of station-page requests (the client's debug log: one line per request).

Usage: Benchmarks/paging.py --bin .build-release/release/chargeterm [--latency 0.2]
"""
from __future__ import annotations

import argparse
import math
import os
import re
import select
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bandwidth import PtyApp  # noqa: E402  (same pty driver)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests"))
from harness import SandboxDidNotStart, start_sandbox  # noqa: E402  (Tests/harness.py)

PGDN, PGUP = "\x1b[6~", "\x1b[5~"
LOADING = re.compile(r"^\s+Loading…")


def list_rows(text: str) -> list[str]:
    return text.splitlines()[4:-1]


def shows_loading(text: str) -> bool:
    return any(LOADING.match(line) for line in list_rows(text))


def position(text: str) -> tuple[int, int] | None:
    m = re.search(r"(\d+)/(\d+)\s*$", text.splitlines()[2])
    return (int(m.group(1)), int(m.group(2))) if m else None


def walk(binary: str, latency: float, stations: int, interval: float, env: dict[str, str]) -> dict:
    state = tempfile.mkdtemp(prefix="chargeterm-p7-state-")
    args = ["--stations", str(stations)]
    if latency > 0:
        args += ["--fault-latency", f"{latency}-{latency}"]
    try:
        server = start_sandbox(binary, *args, env=env)
    except SandboxDidNotStart as e:
        sys.exit(f"paging.py: {e}")
    app = None
    try:
        app_env = dict(env, CHARGETERM_PSK=server.psk, CHARGETERM_LOG_LEVEL="debug", XDG_STATE_HOME=state)
        app = PtyApp([binary, "--endpoint", server.url, "--position", "47.8095,13.0550", "--radius", "5"], app_env)
        app.wait_for(lambda s: "Password" in s, 120, "sign-in form")
        app.pump(0.3)
        app.send("demo-user\tdemo-user-password\r")
        app.wait_for(lambda s: position(s) is not None, 60, "station list")
        app.pump(1.5)  # the pages asked for while a person reads the first screen
        total = position(app.text())[1]

        frames = loading_frames = 0
        turns = loading_turns = 0
        longest = 0.0
        loading_since = None
        where: list[str] = []

        def pump_until(deadline: float) -> bool:
            """Reads frames until `deadline`; True when any showed a loading row."""
            nonlocal frames, loading_frames, longest, loading_since
            seen = False
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    return seen
                r, _, _ = select.select([app.fd], [], [], left)
                if not r:
                    continue
                data = os.read(app.fd, 65536)
                app.stream.feed(data)
                frames += 1
                now = time.monotonic()
                if shows_loading(app.text()):
                    loading_frames += 1
                    seen = True
                    if loading_since is None:
                        loading_since = now
                elif loading_since is not None:
                    longest = max(longest, now - loading_since)
                    loading_since = None

        for key, done in ((PGDN, lambda p: p[0] == p[1]), (PGUP, lambda p: p[0] == 1)):
            presses = 0
            while True:
                p = position(app.text())
                if p and done(p) and not shows_loading(app.text()):
                    break
                presses += 1
                if presses > 400:
                    raise SystemExit(f"paging.py: the walk did not end (at {p})")
                app.send(key)
                turns += 1
                if pump_until(time.monotonic() + interval):
                    loading_turns += 1
                    where.append(f"{'v' if key == PGDN else '^'}{p[0] if p else '?'}")
        if loading_since is not None:
            pump_until(time.monotonic() + 10)
            longest = max(longest, time.monotonic() - loading_since) if loading_since is not None else longest
        app.close()
        app = None
        with open(os.path.join(state, "chargeterm", "chargeterm.log"), errors="replace") as f:
            requests = sum(1 for line in f if "graphql StationsPage" in line)
        return dict(total=total, turns=turns, frames=frames, loading_frames=loading_frames, loading_turns=loading_turns,
                    longest=longest, requests=requests, pages=math.ceil(total / 25), where=where)
    finally:
        if app:
            app.close()
        server.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--latency", type=float, default=0.2)
    ap.add_argument("--interval", type=float, default=0.3)
    ap.add_argument("--stations", type=int, default=22000, help="sandbox size; about 500 lie within 5 km of Salzburg's centre")
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    home = tempfile.mkdtemp(prefix="chargeterm-p7-")
    env = dict(os.environ, TERM="xterm-256color", HOME=home, LANG="C.UTF-8", LC_ALL="C.UTF-8",
               XDG_CACHE_HOME=os.path.join(home, "cache"), XDG_CONFIG_HOME=os.path.join(home, "config"))
    runs = [(f"{args.latency * 1000:.0f} ms", walk(binary, args.latency, args.stations, args.interval, env)),
            ("0 ms", walk(binary, 0, args.stations, args.interval, env))]
    r0 = runs[0][1]
    print(f"P7 paging over a slow link: PgDn every {args.interval * 1000:.0f} ms to the end of {r0['total']} stations, then PgUp back (80x24)")
    print(f"{'added latency':14s} {'page turns':>10s} {'turns w/o loading':>18s} {'frames w/ loading':>18s} {'longest loading':>16s} {'requests':>9s} {'pages':>6s}")
    for label, r in runs:
        share_turns = 100 * (r["turns"] - r["loading_turns"]) / max(1, r["turns"])
        share_frames = 100 * r["loading_frames"] / max(1, r["frames"])
        print(f"{label:14s} {r['turns']:10d} {share_turns:17.1f}% {share_frames:10.1f}% of {r['frames']:4d} {r['longest'] * 1000:13.0f} ms {r['requests']:9d} {r['pages']:6d}")
    print("goals: no loading row on >= 95 % of page turns; requests <= pages + 2")
    for label, r in runs:
        if r["where"]:
            print(f"{label}: turns that met a loading row (key and row before it): {' '.join(r['where'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
