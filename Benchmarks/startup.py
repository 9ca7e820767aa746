#!/usr/bin/env python3
"""P1: exec → first complete frame of the sign-in form, side by side with `watch`; and
exec → the first station list after signing in as the demo user.

Runs each program under a pseudo-terminal (80x24) many times, parses what it writes with
the `pyte` terminal emulator, and stops the clock when the screen holds the expected
text. Rows:

  * chargeterm against an external endpoint (nothing listens there: no network is needed
    to draw the form, so this is pure start-up cost);
  * chargeterm with the embedded sandbox (the default), cache already seeded: the form is
    drawn before the sandbox is up, so this row alone says little about the sandbox;
  * the honest embedded figure: exec → the first station list, the demo password typed
    (by this script, as typeahead the moment the form shows) and signed in against the
    embedded sandbox, which must be up, check the password and answer the first page;
  * `watch -n1 -t` printing a line of text: a small ncurses program, the reference.

Usage: Benchmarks/startup.py --bin .build/release/chargeterm [--runs 30]
"""
from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

try:
    import pyte
except ImportError:  # pragma: no cover
    sys.exit("startup.py needs pyte: run scripts/setup, then .venv/bin/python Benchmarks/startup.py")

COLS, ROWS = 80, 24


def time_to_frame(argv: list[str], env: dict[str, str], markers: list[str], timeout: float = 10.0,
                  then_type: bytes = b"", then_markers: list[str] | None = None) -> float:
    """Seconds from fork+exec until every marker is on the emulated screen. With
    `then_type`, those bytes are typed as soon as `markers` show, and the clock stops when
    `then_markers` show instead."""
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
    elapsed = None
    try:
        deadline = start + timeout
        while time.perf_counter() < deadline:
            r, _, _ = select.select([fd], [], [], 0.05)
            if not r:
                continue
            try:
                data = os.read(fd, 65536)
            except OSError:
                break
            if not data:
                break
            stream.feed(data)
            text = "\n".join(screen.display)
            if all(m in text for m in markers):
                if then_markers is None:
                    elapsed = time.perf_counter() - start
                    break
                if then_type:
                    os.write(fd, then_type)
                    then_type = b""
                markers = then_markers
                then_markers = None
                continue
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        # drain so the child is not blocked writing, then reap
        end = time.perf_counter() + 5
        while time.perf_counter() < end:
            try:
                wpid, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                break
            if wpid:
                break
            try:
                if select.select([fd], [], [], 0.02)[0]:
                    os.read(fd, 65536)
            except OSError:
                pass
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    if elapsed is None:
        raise RuntimeError(f"{argv[0]}: markers {markers} never appeared; screen:\n" + "\n".join(screen.display))
    return elapsed


def summarize(name: str, samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p90 = ms[min(len(ms) - 1, int(len(ms) * 0.9))]
    return f"{name:<50} median {statistics.median(ms):7.1f} ms   p90 {p90:7.1f} ms   min {ms[0]:6.1f} ms   (n={len(ms)})"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    binary = os.path.abspath(args.bin)
    home = tempfile.mkdtemp(prefix="chargeterm-bench-")
    env = dict(os.environ, TERM="xterm-256color", HOME=home, LANG="C.UTF-8", LC_ALL="C.UTF-8",
               XDG_CACHE_HOME=os.path.join(home, "cache"), XDG_STATE_HOME=os.path.join(home, "state"),
               XDG_CONFIG_HOME=os.path.join(home, "config"))
    env.pop("NO_COLOR", None)
    ext_env = dict(env, CHARGETERM_PSK="benchmark-psk")
    form = ["Password"]
    rows = []

    # warm-up: seeds the embedded sandbox's cache once (not measured) and warms the page cache
    time_to_frame([binary], env, form + ["demo-user"], timeout=300)
    time_to_frame([binary, "--endpoint", "http://127.0.0.1:9/graphql/"], ext_env, form)

    ext = [time_to_frame([binary, "--endpoint", "http://127.0.0.1:9/graphql/"], ext_env, form) for _ in range(args.runs)]
    emb = [time_to_frame([binary], env, form + ["demo-user"]) for _ in range(args.runs)]
    listed = [time_to_frame([binary], env, form + ["demo-user"], timeout=60, then_type=b"demo-user-password\r", then_markers=["stations within"])
              for _ in range(args.runs)]
    watch = None
    if shutil.which("watch"):
        watch = [time_to_frame(["watch", "-n1", "-t", "echo", "Charging 00:12:05 12.41 kWh 11.0 kW 4.34 EUR"], env, ["12.41 kWh"])
                 for _ in range(args.runs)]
    rows.append(summarize("chargeterm, external endpoint (goal <= 25 ms)", ext))
    rows.append(summarize("chargeterm, embedded sandbox (goal <= 150 ms)", emb))
    rows.append(summarize("chargeterm, embedded: exec -> first station list", listed))
    if watch:
        rows.append(summarize("watch -n1 -t (reference)", watch))
    print("P1 exec -> first complete sign-in frame (last chargeterm row: -> first station list after a demo sign-in), 80x24 pty")
    print("\n".join(rows))
    shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
