#!/usr/bin/env python3
"""P5: peak resident memory (VmHWM) of the client during a live charging session, the
binaries' sizes, and their hardening as `checksec` would report it (from readelf).

Runs the app under an 80x24 pseudo-terminal, signs in as the demo user, starts charging at
the nearest station and watches the live panel for `--seconds` (default 60), sampling
/proc/PID/status. Two runs:
  * client only: against `chargeterm sandbox serve` started by the benchmark (the figure
    the goal is about: what the client costs on a kiosk talking to a real tenant);
  * the default start: chargeterm starts `chargeterm-sandbox` as its child; both
    processes are reported.
Then, for chargeterm and chargeterm-sandbox: size as built and stripped (strip --strip-all
into a temporary copy), the largest things they carry, and PIE / RELRO / BIND_NOW /
non-executable stack / stack protector from `readelf`.

Usage: Benchmarks/memory.py --bin .build-release/release/chargeterm [--seconds 60]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
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


def children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def live_session(argv: list[str], env: dict[str, str], seconds: float) -> tuple[tuple[int, int, int, int], tuple[int, int, int, int] | None]:
    """(client figures, child figures or None): VmHWM, VmRSS, RssAnon, RssFile in kB."""
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
        app.wait_for(lambda s: "Start charging?" in s, 30, "the start's confirmation")
        app.send("\r")
        app.wait_for(lambda s: re.search(r"\d+\.\d+ kWh", s) is not None and "Charging" in s, 60, "live panel")
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.pump(1)
        figures = lambda pid: tuple(status_kb(pid, f) for f in ("VmHWM", "VmRSS", "RssAnon", "RssFile"))
        kids = children(app.pid)
        return figures(app.pid), (figures(kids[0]) if kids else None)
    finally:
        app.close()


def readelf(args: list[str], path: str) -> str:
    return subprocess.run(["readelf", "-W", *args, path], capture_output=True, text=True).stdout


def checksec(path: str) -> str:
    """PIE, RELRO, BIND_NOW, NX stack and stack protector, the way checksec derives them."""
    header = readelf(["-h"], path)
    segments = readelf(["-l"], path)
    dynamic = readelf(["-d"], path)
    symbols = readelf(["--dyn-syms", "-s"], path)
    pie = "DYN" in next((line for line in header.splitlines() if "Type:" in line), "")
    relro = "GNU_RELRO" in segments
    now = "BIND_NOW" in dynamic or re.search(r"FLAGS_1.*\bNOW\b", dynamic) is not None
    stack = next((line for line in segments.splitlines() if "GNU_STACK" in line), "")
    nx = bool(stack) and "E" not in stack.split()[-2]
    canary = "__stack_chk_fail" in symbols
    relative = sum(int(m) for m in re.findall(r"contains (\d+) entr", readelf(["-r"], path)))
    return (f"PIE {'yes' if pie else 'no'}, RELRO {'full' if relro and now else 'partial' if relro else 'none'}, "
            f"NX stack {'yes' if nx else 'no'}, stack protector {'yes' if canary else 'no'}, relocations {relative}")


def carried(path: str) -> str:
    """The largest symbols by what they are, to see what the binary carries."""
    out = subprocess.run(["nm", "--size-sort", "-S", path], capture_output=True, text=True).stdout
    icu = sum(int(f[1], 16) for f in (line.split() for line in out.splitlines()) if len(f) >= 4 and "icudt" in f[3])
    return f"ICU data {icu / 1e6:.1f} MB"


def sizes(path: str) -> str:
    built = os.path.getsize(path)
    tmp = tempfile.mktemp(prefix="chargeterm-strip-")
    shutil.copy(path, tmp)
    subprocess.run(["strip", "--strip-all", tmp], check=True)
    stripped = os.path.getsize(tmp)
    os.unlink(tmp)
    return f"{built / 1e6:6.1f} MB as built, {stripped / 1e6:6.1f} MB stripped"


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
        client, _ = live_session([binary, "--endpoint", server.url, "--position", "47.8095,13.0550"], dict(env, CHARGETERM_PSK=server.psk), args.seconds)
    finally:
        server.stop()
    default, child = live_session([binary], env, args.seconds)
    print(f"P5 peak RSS during a live session ({args.seconds:.0f} s watching the panel)")
    rows = [("client only, external sandbox (goal <= 24 MB)", client), ("default start: chargeterm", default)]
    if child:
        rows.append(("default start: its chargeterm-sandbox child", child))
    for label, (peak, end, anon, file) in rows:
        print(f"{label:47s} peak {peak / 1024:6.1f} MB   at end {end / 1024:6.1f} MB"
              f"  (heap and stacks {anon / 1024:5.1f} MB, mapped code and libraries {file / 1024:5.1f} MB)")
    sandbox = os.path.join(os.path.dirname(binary), "chargeterm-sandbox")
    print("binaries (goal: chargeterm stripped <= 50 MB)")
    for path in (binary, sandbox):
        if os.path.exists(path):
            print(f"{os.path.basename(path):20s} {sizes(path)}; {carried(path)}")
            print(f"{'':20s} {checksec(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
