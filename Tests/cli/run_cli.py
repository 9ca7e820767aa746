#!/usr/bin/env python3
"""The command line around the app (issue 16), against the sandbox.

Runs the real binary as a script would: conventions (--version, top-level --help, exit
codes that do not depend on where a bad value came from, no drawing without a terminal,
completions), every scripting subcommand (table and --json shape, exit codes, bad input
with a clear message), login/logout, info, doctor against the sandbox and against a sandbox
serving a deliberately changed schema (every difference must be named), and the sandbox's
seeding progress on a terminal.

Each check prints one line; the summary is `N passed, N failed`; exits non-zero on failure.

Usage: Tests/cli/run_cli.py --bin PATH [-k SUBSTRING]
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import pty
import re
import select
import stat
import subprocess
import sys
import tempfile
import time
import traceback
import zoneinfo
from pathlib import Path

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import start_sandbox  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "Sources" / "ChargeSchema" / "schema.graphql"


class Failed(Exception):
    pass


def check(cond: bool, message: str) -> None:
    if not cond:
        raise Failed(message)


class CLI:
    def __init__(self, binary: str, home: Path):
        self.binary = os.path.abspath(binary)
        self.home = home

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CHARGETERM_")}
        env.update(HOME=str(self.home), XDG_CONFIG_HOME=str(self.home / "config"), XDG_STATE_HOME=str(self.home / "state"),
                   XDG_CACHE_HOME=str(self.home / "cache"), LANG="C.UTF-8")
        env.update(extra)
        return env

    def run(self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([self.binary, *args], capture_output=True, text=True, timeout=timeout, env=env or self.env(),
                              input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL)

    def json(self, *args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> object:
        out = self.run(*args, "--json", env=env, stdin=stdin)
        check(out.returncode == 0, f"{' '.join(args)} --json exited {out.returncode}: {out.stderr.strip()}")
        try:
            return json.loads(out.stdout)
        except json.JSONDecodeError as e:
            raise Failed(f"{' '.join(args)} --json printed no JSON ({e}): {out.stdout[:300]!r}")


def expect_failure(out: subprocess.CompletedProcess, code: int, *words: str) -> None:
    check(out.returncode == code, f"expected exit {code}, got {out.returncode}: {out.stdout.strip()} {out.stderr.strip()}")
    text = out.stderr + out.stdout
    for w in words:
        check(w.lower() in text.lower(), f"the message does not mention {w!r}: {text.strip()}")


def keys(obj: dict, *names: str) -> None:
    missing = [n for n in names if n not in obj]
    check(not missing, f"JSON object lacks {missing}: {sorted(obj)}")


STATION_KEYS = ("id", "name", "address", "city", "country", "latitude", "longitude", "distance_km", "roaming",
                "available_connectors", "max_power_kw", "plug_types", "connectors")
CONNECTOR_KEYS = ("id", "label", "evse_id", "status", "plug_type", "power_type", "max_power_kw", "price_per_kwh", "currency", "status_updated_at")
SESSION_KEYS = ("id", "status", "running", "connector_id", "evse_id", "started_at", "ended_at", "energy_kwh", "cost", "currency", "rate")

# ----------------------------------------------------------------------------- conventions


def test_version(cli: CLI) -> str:
    out = cli.run("--version")
    check(out.returncode == 0, f"--version exited {out.returncode}")
    check(re.fullmatch(r"chargeterm \d+\.\d+\.\d+ \(commit [0-9a-f]{7,}(-dirty)?|unknown, built \S+\)\n", out.stdout) is not None
          or re.fullmatch(r"chargeterm \d+\.\d+\.\d+ \(commit (unknown|[0-9a-f]{7,}(-dirty)?), built \S+\)\n", out.stdout) is not None,
          f"--version printed {out.stdout!r}")
    return out.stdout.strip()


def test_help(cli: CLI) -> str:
    out = cli.run("--help")
    check(out.returncode == 0, f"--help exited {out.returncode}")
    for word in ("--endpoint", "--psk-file", "--kiosk", "--sandbox-stations", "--version", "stations", "session", "doctor", "login", "info"):
        check(word in out.stdout, f"chargeterm --help lacks {word}")
    return "top-level --help lists the run options and the subcommands"


def test_exit_codes_same_source(cli: CLI) -> str:
    flag = cli.run("stations", "--radius", "3")
    expect_failure(flag, 64, "--radius")
    env = cli.run("stations", env=cli.env(CHARGETERM_RADIUS="3"))
    expect_failure(env, 64, "CHARGETERM_RADIUS")
    config = cli.home / "bad.toml"
    config.write_text("[site]\nradius_km = 3\n")
    config.chmod(0o600)
    fromfile = cli.run("stations", "--config", str(config))
    expect_failure(fromfile, 64, "radius_km", "line 2")
    app_env = cli.run(env=cli.env(CHARGETERM_RADIUS="3"))
    check(app_env.returncode in (7, 64), f"the app with a bad environment exited {app_env.returncode}")
    typo = cli.home / "typo.toml"
    typo.write_text("[site]\nradius_kn = 5\n")
    typo.chmod(0o600)
    expect_failure(cli.run("info", "--config", str(typo)), 64, "did you mean")
    return "a bad radius exits 64 from a flag, the environment and the config file"


def test_not_a_terminal(cli: CLI) -> str:
    for args in ([], ["run"]):
        out = cli.run(*args)
        expect_failure(out, 7, "not a terminal")
        check("\x1b" not in out.stdout and out.stdout == "", f"curses output reached a pipe: {out.stdout[:80]!r}")
    return "`chargeterm > pipe` exits 7 with a message, nothing drawn"


def test_completions(cli: CLI) -> str:
    for shell in ("bash", "zsh", "fish"):
        out = cli.run("--generate-completion-script", shell)
        check(out.returncode == 0 and "stations" in out.stdout and "doctor" in out.stdout, f"{shell} completion script: {out.returncode} {out.stderr[:200]}")
    return "bash, zsh and fish completion scripts"


# ----------------------------------------------------------------------------- embedded sandbox


def test_stations_embedded(cli: CLI) -> str:
    out = cli.run("stations", "--limit", "5")
    check(out.returncode == 0, f"stations exited {out.returncode}: {out.stderr}")
    lines = out.stdout.splitlines()
    check(lines[0].split()[:3] == ["ID", "NAME", "KM"], f"table header: {lines[0]!r}")
    check(len(lines) == 6, f"5 stations expected, got {len(lines) - 1}")
    data = cli.json("stations", "--limit", "30")
    keys(data, "total", "position", "radius_km", "stations")
    check(len(data["stations"]) == min(30, data["total"]), "limit not honoured")
    for s in data["stations"]:
        keys(s, *STATION_KEYS)
        for c in s["connectors"]:
            keys(c, *CONNECTOR_KEYS)
    d = [s["distance_km"] for s in data["stations"]]
    check(d == sorted(d) and d[-1] <= 5, f"not nearest first within 5 km: {d}")
    ccs = cli.json("stations", "--plug", "ccs", "--limit", "10")["stations"]
    check(ccs and all("CCS" in s["plug_types"] for s in ccs), "--plug ccs returned other plugs")
    free = cli.json("stations", "--available", "--limit", "10")["stations"]
    check(all(s["available_connectors"] > 0 for s in free), "--available returned busy stations")
    # --open-now is the server's filter; `open_now` the client's reading of the same hours.
    # The sandbox's stations are open round the clock or Monday-Saturday 07:00-21:00 in
    # Vienna: Python's own clock says which the shops are now, so both are checked at any
    # hour (and the filter must drop the shops when they are closed). Reads that straddle
    # an opening or closing are repeated, not failed.
    def shops_open() -> bool:
        now = datetime.datetime.now(zoneinfo.ZoneInfo("Europe/Vienna"))
        return now.weekday() < 6 and 7 <= now.hour < 21
    for attempt in range(3):
        expected = shops_open()
        before = cli.json("stations", "--limit", "1000")["stations"]
        open_ = cli.json("stations", "--open-now", "--limit", "1000")["stations"]
        if shops_open() == expected:
            break
    else:
        raise Failed("the shops kept opening or closing between the reads")
    values = {x["open_now"] for x in before}
    check(values <= {True, expected}, f"open_now should be true for stations open round the clock and {expected} for shops now; got {values}")
    if not expected:
        check(False in values, "the shops are closed now by Vienna's clock, but no station says so")
    check([x["id"] for x in open_] == [x["id"] for x in before if x["open_now"] is True],
          f"--open-now listed {len(open_)} stations; {sum(x['open_now'] is True for x in before)} of {len(before)} say they are open")
    expect_failure(cli.run("stations", "--plug", "banana"), 64, "plug type")
    expect_failure(cli.run("stations", "--limit", "0"), 64, "--limit")
    expect_failure(cli.run("stations", "--position", "91,0"), 64, "--position")
    return f"{data['total']} stations within 5 km of the sandbox's centre; filters, limits, bad input"


def test_info(cli: CLI) -> str:
    data = cli.json("info", env=cli.env(CHARGETERM_RADIUS="10"))
    keys(data, "version", "commit", "settings", "paths", "terminal")
    check(data["settings"]["radius_km"] == {"value": "10", "source": "CHARGETERM_RADIUS"}, f"radius: {data['settings']['radius_km']}")
    check(data["settings"]["endpoint"]["source"] == "default", "endpoint source")
    keys(data["paths"], "config", "state", "log", "cache", "login")
    keys(data["terminal"], "TERM", "text", "why")
    secret = cli.run("info", env=cli.env(CHARGETERM_PSK="very-secret-psk", CHARGETERM_ENDPOINT="https://example.invalid/graphql/"))
    check(secret.returncode == 0 and "very-secret-psk" not in secret.stdout, "info printed the PSK")
    return "each value with its source, paths, terminal mode; no secret printed"


# ----------------------------------------------------------------------------- against a served sandbox


def served_env(cli: CLI, sb, **extra: str) -> dict[str, str]:
    return cli.env(CHARGETERM_ENDPOINT=sb.url, CHARGETERM_PSK=sb.psk, CHARGETERM_USERNAME="demo-user", CHARGETERM_PASSWORD="demo-user-password",
                   CHARGETERM_POSITION="47.8095,13.0550", **extra)


def test_charging_cycle(cli: CLI, sb) -> str:
    env = served_env(cli, sb)
    stations = cli.json("stations", "--available", "--plug", "type2", "--limit", "5", env=env)["stations"]
    check(stations, "no free Type 2 station")
    station = cli.json("station", stations[0]["id"], env=env)
    keys(station, *STATION_KEYS)
    connector = next(c for c in station["connectors"] if c["status"] == "Available")
    expect_failure(cli.run("station", "no-such-station", env=env), 3, "not found")
    expect_failure(cli.run("start", connector["id"], env=env), 64, "--yes")
    started = cli.json("start", connector["id"], "--yes", env=env)
    keys(started, "session_id", "station_id", "connector_id", "card_id")
    check(started["station_id"] == station["id"], "start found another station")
    running = cli.json("session", env=env)["sessions"]
    check([s["id"] for s in running] == [started["session_id"]], f"running sessions: {running}")
    keys(running[0], *SESSION_KEYS)
    check(running[0]["running"] is True, "the session is not running")
    table = cli.run("session", env=env)
    check(started["session_id"] in table.stdout and table.stdout.startswith("SESSION"), f"session table: {table.stdout}")
    # --watch: one JSON line per poll; two lines are enough, then the watcher is stopped.
    watch = subprocess.Popen([cli.binary, "session", "--watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, stdin=subprocess.DEVNULL)
    try:
        lines = [watch.stdout.readline() for _ in range(2)]
    finally:
        watch.terminate()
        watch.wait(timeout=10)
    snaps = [json.loads(line) for line in lines]
    for s in snaps:
        keys(s, "id", "status", "running", "observed_at", "elapsed_s", "energy_kwh", "power_kw", "cost", "currency")
    check(snaps[1]["energy_kwh"] >= snaps[0]["energy_kwh"] and snaps[1]["observed_at"] >= snaps[0]["observed_at"], f"watch lines: {snaps}")
    stopped = cli.json("stop", env=env)
    keys(stopped, "was_already_stopped", "session")
    check(stopped["session"]["status"] == "stopped" and not stopped["was_already_stopped"], f"stop: {stopped}")
    again = cli.json("stop", started["session_id"], env=env)
    check(again["was_already_stopped"], "a second stop was not reported as already stopped")
    expect_failure(cli.run("stop", env=env), 3, "no session is running")
    history = cli.json("history", "--limit", "5", env=env)
    keys(history, "total", "offset", "sessions")
    check(history["sessions"][0]["id"] == started["session_id"], "the newest history entry is not the session just stopped")
    docs = cli.json("invoices", env=env)
    keys(docs, "total", "offset", "documents")
    for d in docs["documents"]:
        keys(d, "id", "kind", "title", "date", "download_link")
    expect_failure(cli.run("history", "--limit", "101", env=env), 64, "--limit")
    return f"stations → station → start --yes → session → --watch ({snaps[1]['energy_kwh']} kWh) → stop → history, invoices"


def test_sign_in_errors(cli: CLI, sb) -> str:
    wrong = cli.env(CHARGETERM_ENDPOINT=sb.url, CHARGETERM_PSK=sb.psk, CHARGETERM_USERNAME="demo-user", CHARGETERM_PASSWORD="wrong-password")
    expect_failure(cli.run("session", env=wrong), 4)
    nopass = cli.env(CHARGETERM_ENDPOINT=sb.url, CHARGETERM_PSK=sb.psk, CHARGETERM_USERNAME="demo-user")
    expect_failure(cli.run("session", env=nopass), 4, "--password-stdin")
    # Standard input is read only with --password-stdin.
    expect_failure(cli.run("session", "--json", env=nopass, stdin="demo-user-password\n"), 4, "password")
    out = subprocess.run([cli.binary, "session", "--json", "--password-stdin"], input="demo-user-password\n", capture_output=True, text=True, env=nopass, timeout=60)
    check(out.returncode == 0 and "sessions" in json.loads(out.stdout), f"--password-stdin: {out.returncode} {out.stderr}")
    unreachable = cli.env(CHARGETERM_ENDPOINT="http://127.0.0.1:9/graphql/", CHARGETERM_PSK="x", CHARGETERM_USERNAME="u", CHARGETERM_PASSWORD="p",
                          CHARGETERM_POSITION="47.8095,13.0550")
    started = time.monotonic()
    expect_failure(cli.run("stations", env=unreachable), 5, "cannot reach")
    print(f"  (unreachable endpoint reported in {time.monotonic() - started:.1f} s)")
    insecure = cli.env(CHARGETERM_ENDPOINT="http://example.com/graphql/", CHARGETERM_PSK="x")
    expect_failure(cli.run("stations", env=insecure), 64, "--insecure")
    return "wrong password 4, no password 4, --password-stdin, unreachable 5, plain http 64"


def test_login_logout(cli: CLI, sb) -> str:
    base = cli.env(CHARGETERM_ENDPOINT=sb.url, CHARGETERM_PSK=sb.psk)
    out = subprocess.run([cli.binary, "login", "--username", "demo-user", "--password-stdin"], input="demo-user-password\n",
                         capture_output=True, text=True, env=base, timeout=60)
    check(out.returncode == 0, f"login: {out.returncode} {out.stderr}")
    file = cli.home / "state" / "chargeterm" / "login.json"
    mode = stat.S_IMODE(file.stat().st_mode)
    check(mode == 0o600, f"login.json has mode {oct(mode)}")
    first = json.loads(file.read_text())["logins"][sb.url]["refresh_token"]
    check("demo-user-password" not in file.read_text(), "the password was saved")
    for _ in range(2):
        s = cli.run("session", "--json", env=base)
        check(s.returncode == 0, f"a command after login needs no password: {s.stderr}")
    rotated = json.loads(file.read_text())["logins"][sb.url]["refresh_token"]
    check(rotated != first, "the saved refresh token did not rotate")
    check(cli.run("logout", env=base).returncode == 0, "logout failed")
    check(sb.url not in json.loads(file.read_text())["logins"], "logout kept the token")
    expect_failure(cli.run("session", env=base), 4, "login")
    # Kiosk mode keeps nothing of a user: login is refused.
    pin = subprocess.run([cli.binary, "kiosk-pin"], input="2580\n", capture_output=True, text=True, timeout=60)
    check(pin.returncode == 0, f"kiosk-pin: {pin.stderr}")
    kiosk = cli.home / "kiosk.toml"
    kiosk.write_text(f"[kiosk]\nenabled = true\n{pin.stdout.strip()}\n")
    kiosk.chmod(0o600)
    expect_failure(cli.run("login", "--config", str(kiosk), env=base), 64, "kiosk")
    return "login keeps a 0600 refresh token that rotates; logout forgets it; refused in kiosk mode"


def test_hostile_names(cli: CLI, sb_hostile) -> str:
    env = served_env(cli, sb_hostile)
    out = cli.run("stations", "--limit", "10", env=env)
    check(out.returncode == 0, f"stations: {out.stderr}")
    bad = [c for c in out.stdout if (ord(c) < 0x20 and c != "\n") or c in "\u202e\u202d\u200b\u2066\u2067\u2068\u2069\x7f"]
    check(not bad, f"control/bidi/zero-width characters reached the table: {[hex(ord(c)) for c in bad]}")
    rows = out.stdout.splitlines()
    check(len(rows) == 11, f"a name broke a row: {len(rows)} lines")
    return "hostile station names are display-safe in the table (one row each)"


def test_doctor(cli: CLI, sb) -> str:
    env = served_env(cli, sb)
    out = cli.run("doctor", "--json", env=env)
    report = json.loads(out.stdout)
    check(out.returncode == 0 and report["ok"], f"doctor against the sandbox: {out.returncode} {out.stdout}")
    names = {c["name"]: c["status"] for c in report["checks"]}
    for n in ("reachability", "graphql-over-http", "psk", "sign-in", "operations"):
        check(names.get(n) == "pass", f"{n}: {names.get(n)}")
    ops = next(c for c in report["checks"] if c["name"] == "operations")
    check("note" not in ops["detail"], f"the sandbox has every field the app sends: {ops['detail']}")
    text = cli.run("doctor", env=env)
    check(text.returncode == 0 and "All checks passed." in text.stdout, f"doctor text: {text.stdout}")
    down = cli.run("doctor", "--endpoint", "http://127.0.0.1:9/graphql/", env=cli.env(CHARGETERM_PSK="x"))
    expect_failure(down, 1, "reachability")
    return "every check passes against the sandbox; an unreachable endpoint fails (exit 1)"


def test_doctor_changed_schema(cli: CLI, binary: str, home: Path) -> str:
    sdl = SCHEMA.read_text()
    changes = [
        ("publicDisplayName: String", "displayName: String"),
        ("chargelog(id: String): Chargelog", "chargelog(chargelogId: String): Chargelog"),
        ("input CpFilter", "input StationFilter"),
        ("cpsPaged(filter: CpFilter,", "cpsPaged(filter: StationFilter,"),
        ("remoteStop(transaction: String): RemoteStopResponse", "remoteStop(transaction: String, reason: String!): RemoteStopResponse"),
    ]
    for old, new in changes:
        check(old in sdl, f"the reference schema no longer has {old!r}: update this test")
        sdl = sdl.replace(old, new)
    changed = home / "changed.graphql"
    changed.write_text(sdl)
    sb = start_sandbox(binary, "--schema", str(changed))
    try:
        out = cli.run("doctor", "--json", env=served_env(cli, sb))
        check(out.returncode == 1, f"doctor exited {out.returncode} against a changed schema")
        report = json.loads(out.stdout)
        ops = next(c for c in report["checks"] if c["name"] == "operations")
        found = [(p["operation"], p["kind"], p["message"]) for p in ops["problems"]]
        expected = [
            ("StationsPage", "missing field", "publicDisplayName"), ("Station", "missing field", "publicDisplayName"),
            ("StationsPage", "missing type", "CpFilter"), ("Chargelog", "missing argument", '"id"'),
            ("RemoteStop", "new required argument", '"reason"'),
        ]
        for op, kind, word in expected:
            check(any(o == op and k == kind and word in m for o, k, m in found), f"doctor did not name {op}: {kind} {word}; it found {found}")
        check(len(found) == len(expected), f"doctor named more than the differences: {found}")
        check(all(p["app_loses"] for p in ops["problems"]), "a mismatch without what the app loses")
        return f"all {len(expected)} differences named, with what the app loses"
    finally:
        sb.stop()


def test_doctor_without_open_now(cli: CLI, binary: str, home: Path) -> str:
    """A tenant whose CpFilter lacks openNow ([ours]): the documents still validate (the
    field only travels in variables), so doctor passes, and its note says what is lost."""
    line = "  openNow: Boolean            # open now by openingHours, in each station's timeZone\n"
    sdl = SCHEMA.read_text()
    check(line in sdl, "the reference schema's openNow line changed: update this test")
    changed = home / "no-open-now.graphql"
    changed.write_text(sdl.replace(line, ""))
    sb = start_sandbox(binary, "--schema", str(changed))
    try:
        out = cli.run("doctor", "--json", env=served_env(cli, sb))
        report = json.loads(out.stdout)
        check(out.returncode == 0 and report["ok"], f"doctor should pass: {out.returncode} {out.stdout}")
        ops = next(c for c in report["checks"] if c["name"] == "operations")
        check(ops["status"] == "pass" and "no openNow" in ops["detail"] and "open now" in ops["detail"], f"no note: {ops}")
        return "doctor passes and notes that \"open now\" is refused there"
    finally:
        sb.stop()


def test_seeding_progress(binary: str) -> str:
    """On a terminal the sandbox shows a live seeding line (stderr is the pty)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary, "sandbox", "serve", "--port", "0", "--stations", "20000"])
    seen = b""
    deadline = time.monotonic() + 120
    try:
        while b"listening on" not in seen and time.monotonic() < deadline:
            if select.select([fd], [], [], 1.0)[0]:
                try:
                    seen += os.read(fd, 4096)
                except OSError:
                    break
    finally:
        os.kill(pid, 15)
        # The sandbox must end on SIGTERM; a hang fails the test instead of hanging CI.
        ended = False
        stop_by = time.monotonic() + 10
        while time.monotonic() < stop_by:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                ended = True
                break
            time.sleep(0.05)
        if not ended:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        os.close(fd)
    check(ended, "the sandbox did not end within 10 s of SIGTERM (killed)")
    text = seen.decode(errors="replace")
    check("Seeding the sandbox:" in text and "20000 of 20000 stations (100%" in text, f"no live seeding line: {text[:400]!r}")
    check("\r" in text, "the seeding line is not updated in place")
    return "a live seeding line on a terminal, ending at 100%"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("-k", default="", help="run only checks whose name contains this")
    args = parser.parse_args()
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="chargeterm-cli-") as tmp:
        home = Path(tmp)
        cli = CLI(args.bin, home)
        servers: dict[str, object] = {}

        def served(kind: str):
            if kind not in servers:
                servers[kind] = start_sandbox(args.bin, "--speed", "20", *(["--hostile-names"] if kind == "hostile" else []))
            return servers[kind]

        checks = [
            ("version", lambda: test_version(cli)),
            ("help", lambda: test_help(cli)),
            ("exit codes", lambda: test_exit_codes_same_source(cli)),
            ("not a terminal", lambda: test_not_a_terminal(cli)),
            ("completions", lambda: test_completions(cli)),
            ("stations (embedded sandbox)", lambda: test_stations_embedded(cli)),
            ("info", lambda: test_info(cli)),
            ("charging cycle", lambda: test_charging_cycle(cli, served("plain"))),
            ("sign-in errors", lambda: test_sign_in_errors(cli, served("plain"))),
            ("login/logout", lambda: test_login_logout(cli, served("plain"))),
            ("hostile names", lambda: test_hostile_names(cli, served("hostile"))),
            ("doctor", lambda: test_doctor(cli, served("plain"))),
            ("doctor, changed schema", lambda: test_doctor_changed_schema(cli, args.bin, home)),
            ("doctor, a tenant without openNow", lambda: test_doctor_without_open_now(cli, args.bin, home)),
            ("seeding progress", lambda: test_seeding_progress(os.path.abspath(args.bin))),
        ]
        try:
            for name, fn in checks:
                if args.k and args.k not in name:
                    continue
                started = time.monotonic()
                try:
                    detail = fn()
                    passed += 1
                    print(f"PASS {name}: {detail} ({time.monotonic() - started:.1f} s)", flush=True)
                except Exception as e:  # noqa: BLE001 - every failure is reported, then the next check runs
                    failed += 1
                    print(f"FAIL {name}: {e}", flush=True)
                    if not isinstance(e, Failed):
                        traceback.print_exc()
        finally:
            for sb in servers.values():
                sb.stop()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
