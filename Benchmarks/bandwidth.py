#!/usr/bin/env python3
"""P2: bytes per second the live session panel writes to the terminal, beside `watch`.

Runs `chargeterm` (embedded sandbox) under an 80x24 pseudo-terminal, signs in as the demo
user, starts charging at the nearest station and, once the live panel shows its first
frame, counts every byte the app writes for `--seconds` (default 60). In the same run,
`watch -n1 -t` prints the same figures (status, elapsed, kWh, kW, cost) as plain text and
is counted the same way. Prints bytes/second for both.

Usage: Benchmarks/bandwidth.py --bin .build/release/chargeterm [--seconds 60]
"""
from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import tempfile
import termios
import time

try:
    import pyte
except ImportError:  # pragma: no cover
    sys.exit("bandwidth.py needs pyte: run scripts/setup, then .venv/bin/python Benchmarks/bandwidth.py")

COLS, ROWS = 80, 24


class PtyApp:
    def __init__(self, argv: list[str], env: dict[str, str]):
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            try:
                os.execvpe(argv[0], argv, env)
            finally:
                os._exit(127)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        self.bytes = 0

    def pump(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return
            r, _, _ = select.select([self.fd], [], [], min(left, 0.05))
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    return
                self.bytes += len(data)
                self.stream.feed(data)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, pred, timeout: float, label: str) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            self.pump(0.05)
            if pred(self.text()):
                return
        raise SystemExit(f"timed out waiting for {label}; screen:\n{self.text()}")

    def send(self, data: str) -> None:
        os.write(self.fd, data.encode())

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            self.pump(1)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    home = tempfile.mkdtemp(prefix="chargeterm-bw-")
    env = dict(os.environ, TERM="xterm-256color", HOME=home, LANG="C.UTF-8", LC_ALL="C.UTF-8",
               XDG_CACHE_HOME=os.path.join(home, "cache"), XDG_STATE_HOME=os.path.join(home, "state"))
    app = PtyApp([os.path.abspath(args.bin)], env)
    try:
        app.wait_for(lambda s: "demo-user" in s and "Password" in s, 300, "sign-in form")
        app.send("demo-user-password\r")  # the cursor starts in the password field
        app.wait_for(lambda s: re.search(r"\d+\.\d+ km", s) is not None, 60, "station list")
        app.send("\r")
        app.wait_for(lambda s: "Available" in s, 30, "station detail")
        app.send("\r")
        app.wait_for(lambda s: "Start charging?" in s, 30, "the start's confirmation")
        app.send("\r")
        app.wait_for(lambda s: re.search(r"\d+\.\d+ kWh", s) is not None and "Charging" in s, 60, "live panel")
        app.pump(2)  # let the first complete frame settle
        app.bytes = 0
        start = time.monotonic()
        app.pump(args.seconds)
        app_rate = app.bytes / (time.monotonic() - start)
        live = app.text()
    finally:
        app.close()

    # The same five figures, changing every second as the panel's do (11 kW AC session).
    t0 = int(time.time())
    figures = ("awk -v t=$(date +%s) -v t0=" + str(t0) + " 'BEGIN { e = t - t0 + 725; "
               "printf \"Charging  %02d:%02d:%02d  %.2f kWh  11.0 kW  %.2f EUR\\n\", "
               "e/3600, (e%3600)/60, e%60, e*11/3600, e*11/3600*0.35 }'")
    watch = PtyApp(["watch", "-n1", "-t", figures], env)
    try:
        watch.wait_for(lambda s: "kWh" in s, 10, "watch frame")
        watch.pump(1)
        watch.bytes = 0
        start = time.monotonic()
        watch.pump(args.seconds)
        watch_rate = watch.bytes / (time.monotonic() - start)
    finally:
        watch.close()
    print(f"P2 live panel bytes/s over {args.seconds:.0f} s after the first frame (80x24, xterm-256color)")
    print(f"chargeterm live panel (goal <= 40 B/s)  {app_rate:8.1f} B/s")
    print(f"watch -n1 -t, same figures (reference) {watch_rate:8.1f} B/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
