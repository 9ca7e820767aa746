#!/usr/bin/env python3
"""P2, whole session: bytes per second of the live panel over a long DC session, beside `watch`.

Runs `chargeterm` (embedded sandbox, simulation at speed 1: the real poll, clock and chart)
under an 80x24 pseudo-terminal, signs in as the demo user and starts charging on a DC
connector whose car draws 150 kW, so the power is flat, then tapers above 80 % state of
charge (the sandbox's curve), then drops to the floor and to zero when full. From the first
frame of the live panel it counts every byte for `--minutes` (default 30).

In the same run and the same loop, `watch -n1 -t` prints the same four figures the panel
shows (elapsed, kWh, kW, cost; the benchmark copies them off the panel's screen once a
second into a file that watch prints), and is counted the same way.

Prints, for both: the mean B/s, the worst minute (B/s over the worst whole minute), and
the bytes of each minute.

Usage: Benchmarks/session.py --bin .build-release/release/chargeterm [--minutes 30]
"""
from __future__ import annotations

import argparse
import os
import re
import select
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bandwidth import PtyApp  # noqa: E402  (same pty driver)


def open_dc_station(app: PtyApp, min_kw: int = 150, tries: int = 40) -> str:
    """From the station list, opens stations top down until one has an available DC
    connector of at least `min_kw`, selects that connector and starts charging."""
    for i in range(tries):
        app.send("\r")
        app.wait_for(lambda s: "# Status" in s, 30, "station detail")
        app.pump(0.3)
        rows = [line for line in app.text().splitlines() if re.match(r"\s+\d+ \S", line)]
        pick = None
        for line in rows:
            m = re.match(r"\s+(\d+) Available.*?(\d+) kW DC", line)
            if m and int(m.group(2)) >= min_kw:
                pick = int(m.group(1))
                break
        if pick is not None:
            for _ in range(len(rows)):  # the cursor starts on the first free connector
                app.send("\x1b[A")
                app.pump(0.1)
            for _ in range(pick - 1):
                app.send("\x1b[B")
                app.pump(0.1)
            name = app.text().splitlines()[2].strip()
            app.send("\r")
            app.wait_for(lambda s: "Start charging?" in s, 30, "the start's confirmation")
            app.send("\r")
            app.wait_for(lambda s: "kW" in s and "Charging session" in s, 60, "live panel")
            line = app.text().splitlines()[3]
            if not re.search(r"\d+ kW", line) or int(re.search(r"(\d+) kW", line).group(1)) < min_kw:
                raise SystemExit(f"started on the wrong connector: {line.strip()}")
            return f"{name} ({line.strip()})"
        app.send("\x1b")  # back to the list, next station
        app.wait_for(lambda s: re.search(r"\d+\.\d+ km", s) is not None and "# Status" not in s, 30, "station list")
        for _ in range(i + 1):
            app.send("\x1b[B")
            app.pump(0.05)
    raise SystemExit(f"no available DC connector of {min_kw} kW in the first {tries} stations")


FIGURES = re.compile(r"(\d\d:\d\d:\d\d).*")


def panel_figures(text: str) -> str:
    """The four figures as the panel shows them: elapsed, kWh, kW, cost."""
    lines = text.splitlines()
    kwh = next((m.group(0) for line in lines for m in [re.search(r"\d+\.\d+ kWh", line)] if m), "")
    for i, line in enumerate(lines):
        if "Elapsed" in line and i + 1 < len(lines):
            parts = [p for p in re.split(r"\s{2,}", lines[i + 1].strip()) if p]
            if len(parts) >= 3:
                return f"Charging  {parts[1]}  {kwh}  {parts[0]}  {parts[2]}"
    return f"Charging  {kwh}"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--minutes", type=float, default=30)
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="chargeterm-session-")
    env = dict(os.environ, TERM="xterm-256color", HOME=home, LANG="C.UTF-8", LC_ALL="C.UTF-8",
               XDG_CACHE_HOME=os.path.join(home, "cache"), XDG_STATE_HOME=os.path.join(home, "state"),
               XDG_CONFIG_HOME=os.path.join(home, "config"))
    figures_file = os.path.join(home, "figures.txt")
    with open(figures_file, "w") as f:
        f.write("Charging\n")

    app = PtyApp([os.path.abspath(args.bin)], env)
    watch = None
    try:
        app.wait_for(lambda s: "demo-user" in s and "Password" in s, 300, "sign-in form")
        app.send("demo-user-password\r")
        app.wait_for(lambda s: re.search(r"\d+\.\d+ km", s) is not None, 60, "station list")
        station = open_dc_station(app)
        app.wait_for(lambda s: re.search(r"\d+\.\d+ kWh", s) is not None and "Charging" in s, 60, "live panel")
        app.pump(2)  # the first complete frame

        watch = PtyApp(["watch", "-n1", "-t", "cat", figures_file], env)
        watch.wait_for(lambda s: "Charging" in s, 10, "watch frame")

        seconds = args.minutes * 60
        minutes = max(1, int(args.minutes + 0.999))
        app_min = [0] * minutes
        watch_min = [0] * minutes
        powers: list[str] = []
        app.bytes = watch.bytes = 0
        start = time.monotonic()
        next_copy = start
        while True:
            now = time.monotonic()
            elapsed = now - start
            if elapsed >= seconds:
                break
            if now >= next_copy:
                figures = panel_figures(app.text())
                with open(figures_file + ".new", "w") as f:
                    f.write(figures + "\n")
                os.replace(figures_file + ".new", figures_file)
                next_copy += 1
                if int(elapsed) % 60 == 0:
                    m = re.search(r"(\d+\.\d+|–) kW ", figures + " ")
                    powers.append(m.group(1) if m else "?")
            r, _, _ = select.select([app.fd, watch.fd], [], [], min(0.2, max(0.0, next_copy - time.monotonic())))
            bucket = min(minutes - 1, int(elapsed // 60))
            for fd in r:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    raise SystemExit("a program under test ended early")
                if fd == app.fd:
                    app.bytes += len(data)
                    app_min[bucket] += len(data)
                    app.stream.feed(data)
                else:
                    watch.bytes += len(data)
                    watch_min[bucket] += len(data)
                    watch.stream.feed(data)
        total = time.monotonic() - start
        final = app.text()
    finally:
        app.close()
        if watch:
            watch.close()

    whole = [m for m in range(minutes) if (m + 1) * 60 <= total + 1]
    def worst(per_min):
        return max((per_min[m] for m in whole), default=0) / 60
    print(f"P2 whole session: live panel bytes over {total / 60:.1f} min of a DC session at {station} (80x24, xterm-256color)")
    print("power (kW) at each minute:", " ".join(powers))
    print(f"{'':38s} {'mean B/s':>9s} {'worst minute B/s':>17s}")
    print(f"{'chargeterm live panel (goal 40 / 60)':38s} {app.bytes / total:9.1f} {worst(app_min):17.1f}")
    print(f"{'watch -n1 -t, same four figures':38s} {watch.bytes / total:9.1f} {worst(watch_min):17.1f}")
    print("chargeterm bytes per minute:", " ".join(str(b) for b in app_min))
    print("watch bytes per minute:     ", " ".join(str(b) for b in watch_min))
    print("last frame:\n" + final)
    return 0


if __name__ == "__main__":
    sys.exit(main())
