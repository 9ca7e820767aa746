#!/usr/bin/env python3
"""P5: peak resident memory (VmHWM) of the client during a live charging session.

Runs the app under an 80x24 pseudo-terminal, signs in as the demo user, starts charging at
the nearest station and watches the live panel for `--seconds` (default 60), sampling
/proc/PID/status. Two runs:
  * client only: against `chargeterm sandbox serve` in its own process (the figure the
    goal is about: what the client costs on a kiosk talking to a real tenant);
  * embedded: the default start, with the sandbox server inside the same process.
Prints peak RSS (VmHWM) and the RSS at the end for each.

Usage: Benchmarks/memory.py --bin .build-release/release/chargeterm [--seconds 60]
"""
from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bandwidth import PtyApp  # noqa: E402  (same pty driver)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests"))
from harness import SandboxDidNotStart, start_sandbox  # noqa: E402  (Tests/harness.py)


def status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def live_session(argv: list[str], env: dict[str, str], seconds: float) -> tuple[int, int, int, int]:
    app = PtyApp(argv, env)
    try:
        app.wait_for(lambda s: "Password" in s, 300, "sign-in form")
        time.sleep(0.2)
        app.pump(0.1)
        # The embedded sandbox fills in the demo user; an external endpoint starts empty.
        app.send("demo-user-password\r" if "Demo:" in app.text() else "demo-user\tdemo-user-password\r")
        app.wait_for(lambda s: re.search(r"\d+\.\d+ km", s) is not None, 60, "station list")
        app.send("\r")
        app.wait_for(lambda s: "Available" in s, 30, "station detail")
        app.send("\r")
        app.wait_for(lambda s: re.search(r"\d+\.\d+ kWh", s) is not None and "Charging" in s, 60, "live panel")
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.pump(1)
        return status_kb(app.pid, "VmHWM"), status_kb(app.pid, "VmRSS"), status_kb(app.pid, "RssAnon"), status_kb(app.pid, "RssFile")
    finally:
        app.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    home = tempfile.mkdtemp(prefix="chargeterm-mem-")
    env = dict(os.environ, TERM="xterm-256color", HOME=home, LANG="C.UTF-8", LC_ALL="C.UTF-8",
               XDG_CACHE_HOME=os.path.join(home, "cache"), XDG_STATE_HOME=os.path.join(home, "state"),
               XDG_CONFIG_HOME=os.path.join(home, "config"))
    try:
        server = start_sandbox(binary, env=env)
    except SandboxDidNotStart as e:
        sys.exit(f"memory.py: {e}")
    try:
        client = live_session([binary, "--endpoint", server.url, "--position", "47.8095,13.0550"], dict(env, CHARGETERM_PSK=server.psk), args.seconds)
    finally:
        server.stop()
    embedded = live_session([binary], env, args.seconds)
    print(f"P5 peak RSS during a live session ({args.seconds:.0f} s watching the panel)")
    for label, (peak, end, anon, file) in (("client only (external sandbox, goal <= 30 MB)", client), ("embedded sandbox in the same process", embedded)):
        print(f"{label:47s} peak {peak / 1024:6.1f} MB   at end {end / 1024:6.1f} MB"
              f"  (heap and stacks {anon / 1024:5.1f} MB, mapped code and libraries {file / 1024:5.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
