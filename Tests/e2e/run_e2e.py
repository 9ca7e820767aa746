#!/usr/bin/env python3
"""End-to-end tests: the real `chargeterm` binary in tmux, driven with keys only.

Each scenario starts the app in a detached tmux session (100x30) with its own XDG
folders, so the embedded sandbox seeds its database once into a throw-away cache
directory shared by the scenarios of one run. After each key the harness WAITS until
the expected text is on screen (with a timeout), never sleeps a fixed time, and compares
the parsed screen (`capture-pane -p`), never raw escape bytes.

Prints one line per scenario and a closing line `e2e: N passed, N failed`; exits non-zero
when a scenario failed.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from typing import Callable

WIDTH, HEIGHT = 100, 30


class ScenarioFailed(Exception):
    pass


class Tmux:
    """One detached tmux server (own socket) holding one session for the app."""

    def __init__(self, name: str, socket: str, width: int = WIDTH, height: int = HEIGHT):
        self.name = name
        self.socket = socket
        self.width = width
        self.height = height

    def cmd(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True)
        if check and out.returncode != 0:
            raise ScenarioFailed(f"tmux {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout

    def start(self, shell_command: str) -> None:
        # remain-on-exit keeps the pane (and its last screen) after the app ends.
        self.cmd("-f", "/dev/null", "new-session", "-d", "-s", self.name, "-x", str(self.width), "-y", str(self.height), "sh")
        self.cmd("set-option", "-t", self.name, "remain-on-exit", "on")
        self.cmd("send-keys", "-t", self.name, "-l", shell_command)
        self.cmd("send-keys", "-t", self.name, "Enter")

    def screen(self) -> str:
        return self.cmd("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str) -> None:
        for k in keys:
            self.cmd("send-keys", "-t", self.name, k)

    def type(self, text: str) -> None:
        self.cmd("send-keys", "-t", self.name, "-l", text)

    def raw(self, sequence: bytes) -> None:
        """Sends bytes exactly as a terminal would (escape sequences for Home, End...),
        not as tmux's named keys, which tmux would translate for the pane's TERM."""
        self.cmd("send-keys", "-t", self.name, "-H", *(f"{b:02x}" for b in sequence))

    def pane_pid(self) -> int:
        return int(self.cmd("display-message", "-p", "-t", self.name, "#{pane_pid}").strip())

    def kill_server(self) -> None:
        self.cmd("kill-server", check=False)

    def wait_for(self, what: str | Callable[[str], bool], timeout: float = 20.0, label: str | None = None) -> str:
        """Poll the screen until `what` (text or regex-ish predicate) appears."""
        pred = what if callable(what) else (lambda s, w=what: w in s)
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if pred(screen):
                return screen
            time.sleep(0.05)
        raise ScenarioFailed(f"timed out waiting for {label or what!r}; screen was:\n{screen}")

    def wait_settled(self, what: str | Callable[[str], bool], timeout: float = 20.0, label: str | None = None) -> str:
        """Like `wait_for`, and the screen must then stay the same for 100 ms: a capture can
        catch a frame half written (tmux shows what the app has sent so far; curses draws top
        down, so a line of text can be there while the rows below it are not). Used before
        reading something whole off the screen, such as a QR code."""
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.wait_for(what, timeout=max(0.1, deadline - time.monotonic()), label=label)
            time.sleep(0.1)
            if self.screen() == screen:
                return screen
        raise ScenarioFailed(f"the screen kept changing while waiting for {label or what!r}; last:\n{screen}")


def app_command(binary: str, env: dict[str, str], term: str, extra: str = "", unset: tuple[str, ...] = ()) -> str:
    envs = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    # `env -u NAME` removes what the tmux server inherited (e.g. the caller's locale).
    unsets = "".join(f"-u {shlex.quote(name)} " for name in unset)
    home = env["HOME"]
    # After the app exits, the shell records its status and the terminal modes, so the
    # harness can check that the terminal was restored (echo and canonical mode back on).
    # The marker is printed with printf so the typed command line itself (which the shell
    # echoes before the app starts and shows again after it leaves the alternate screen)
    # never contains it: seeing it means the files below are written.
    q = shlex.quote(home)
    # The locale comes only from `env` (the tmux server's own must not leak in): the locale
    # matrix sets some of these, or none.
    unset_locale = "-u LANG -u LC_ALL -u LC_CTYPE -u LC_MESSAGES "
    return (f"rm -f {q}/exit.txt {q}/stty.txt; env {unset_locale}{unsets}TERM={term} {envs} {shlex.quote(binary)} {extra}; "
            f"echo $? > {q}/exit.txt; stty -a > {q}/stty.txt; printf 'END-%s\\n' OF-RUN")


def check_restored(screen: str, home: str, expect_exit: int | None = 0) -> None:
    if "END-OF-RUN" not in screen:
        raise ScenarioFailed("the app did not finish")
    with open(os.path.join(home, "stty.txt")) as f:
        stty = f.read()
    for mode in ("icanon", "echo", "icrnl"):
        if re.search(rf"(^|\s)-{mode}(\s|$)", stty) or not re.search(rf"(^|\s){mode}(\s|$)", stty):
            raise ScenarioFailed(f"terminal not restored: {mode} is off\n{stty}")
    with open(os.path.join(home, "exit.txt")) as f:
        code = int(f.read().strip() or "-1")
    if expect_exit is not None and code != expect_exit:
        raise ScenarioFailed(f"the app exited with status {code}, expected {expect_exit}")


class Harness:
    def __init__(self, binary: str, workdir: str):
        self.binary = binary
        self.workdir = workdir
        self.counter = 0
        # The homes of the scenario under way: when it fails, their logs' last lines (keys
        # and draws, `InputTrace`) say whether a key came, what it did, and what was drawn.
        self.homes: list[str] = []

    def log_tails(self, lines: int = 40) -> str:
        out = []
        for home in dict.fromkeys(self.homes):
            path = os.path.join(home, "state", "chargeterm", "chargeterm.log")
            try:
                with open(path, encoding="utf-8", errors="replace") as f:
                    tail = f.read().splitlines()[-lines:]
            except OSError:
                continue
            out.append(f"-- the last {len(tail)} lines of {path}:\n" + "\n".join(tail))
        return "\n".join(out)

    def env(self, home: str, locale: dict[str, str] | None = None) -> dict[str, str]:
        # Each scenario has its own sandbox data (a session left running by one scenario
        # would otherwise be resumed by the next, which is right for the product but not
        # for independent tests); a scenario that restarts the app reuses its home.
        # `locale`: the LANG/LC_* an SSH client would forward (default C.UTF-8).
        self.homes.append(home)
        return {
            "HOME": home,
            "CHARGETERM_LOG_LEVEL": "trace",
            "XDG_CACHE_HOME": os.path.join(home, "cache"),
            "XDG_STATE_HOME": os.path.join(home, "state"),
            "XDG_CONFIG_HOME": os.path.join(home, "config"),
            **({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"} if locale is None else locale),
        }

    def new_tmux(self, width: int = WIDTH, height: int = HEIGHT) -> Tmux:
        self.counter += 1
        return Tmux(f"e2e{self.counter}", os.path.join(self.workdir, f"tmux-{self.counter}.sock"), width, height)


# ---------------------------------------------------------------- scenario steps

def sign_in(t: Tmux) -> None:
    """The form opens with the demo user filled in and the cursor in the password field."""
    t.wait_for("Demo: demo-user", label="sign-in form with the demo user hinted", timeout=60)
    t.wait_for(lambda s: "Password" in s or "Passwort" in s, label="password field")
    t.type("demo-user-password")
    t.keys("Enter")


ROW_DISTANCE = re.compile(r"^[\s│|]*(\d+(?:[.,]\d+)?) km  ")


def station_row_distances(screen: str) -> list[float]:
    """The distance column of every station row (a row starts with its distance; the header
    "... within 5 km" and the count line do not)."""
    out = []
    for line in screen.splitlines():
        m = ROW_DISTANCE.match(line)
        if m:
            out.append(float(m.group(1).replace(",", ".")))
    return out


def stations_listed_nearest_first(screen: str) -> bool:
    rows = station_row_distances(screen)
    return len(rows) >= 3 and rows == sorted(rows)


def check_within_radius(screen: str, radius_km: float) -> None:
    rows = station_row_distances(screen)
    outside = [d for d in rows if d > radius_km]
    if not rows or outside:
        raise ScenarioFailed(f"every station row must be within {radius_km:g} km; outside: {outside} of {rows}\n{screen}")


def walk_to_live_panel(t: Tmux) -> str:
    sign_in(t)
    screen = t.wait_for(stations_listed_nearest_first, label="stations within 5 km, nearest first", timeout=30)
    if "5 km" not in screen:
        raise ScenarioFailed("the list header does not say the radius (5 km)\n" + screen)
    check_within_radius(screen, 5.0)
    # The first screen holds only the nearest stations, which any radius would list: the
    # farthest ones, at the end of the list (End loads every page), must be within it too.
    nearest = station_row_distances(screen)
    t.keys("End")
    end = t.wait_for(lambda s: "Loading" not in s and "Lädt" not in s and len(station_row_distances(s)) >= 3
                     and station_row_distances(s)[-1] > nearest[-1], label="the end of the list", timeout=60)
    check_within_radius(end, 5.0)
    t.keys("Home")
    t.wait_for(lambda s: station_row_distances(s)[:1] == nearest[:1], label="the top of the list again")
    # Open the first station that has a free connector: the list starts on the nearest one.
    t.keys("Enter")
    detail = t.wait_for(lambda s: "Available" in s or "Verfügbar" in s or "Verfuegbar" in s, label="station detail with an available connector")
    t.keys("Enter")  # start on the selected (first available) connector
    price = confirm_start(t)
    selected = next((line for line in detail.splitlines() if "Available" in line or "Verfügbar" in line or "Verfuegbar" in line), "")
    if price not in selected:
        raise ScenarioFailed(f"the confirmation's price {price} is not the selected connector's: {selected.strip()!r}")
    return t.wait_for(lambda s: re.search(r"\d+[.,]\d+ kWh", s) is not None and ("Charging" in s or "Lädt" in s or "Laedt" in s),
                      label="live panel charging", timeout=60)


def confirm_start(t, card: str | None = None) -> str:
    """The confirmation before a paid start: the price per kWh and the card that pays are on
    screen before anything is sent; then Enter (optionally moving to `card` first)."""
    screen = t.wait_for(lambda s: ("Start charging?" in s or "Laden starten?" in s) and re.search(r"Enter (confirm|best)", s) is not None,
                        label="the start's confirmation", timeout=30)
    # English "0.39 EUR/kWh"; German "0,39 €/kWh" (ASCII terminals: "0,39 EUR/kWh").
    price = re.search(r"(?:Price|Preis)\s+(\d+[.,]\d{2} (?:[A-Z]{3}|€)/kWh)", screen)
    if not price:
        raise ScenarioFailed("the confirmation shows no price per kWh\n" + screen)
    if not ("Pay with" in screen or "Bezahlen mit" in screen) or not ("◉" in screen or "(*)" in screen):
        raise ScenarioFailed("the confirmation does not say which card pays\n" + screen)
    if card is not None:
        for _ in range(5):
            now = t.screen()
            if re.search(r"(?:◉|\(\*\)) " + re.escape(card), now):
                break
            chosen = re.search(r"(?:◉|\(\*\)) [^│|\n]*", now)
            t.keys("Down")
            t.wait_for(lambda s, c=chosen.group(0) if chosen else "◉": c not in s, label="the next card chosen")
        else:
            raise ScenarioFailed(f"the card {card!r} could not be chosen\n" + t.screen())
    t.keys("Enter")
    return price.group(1)


def kwh(screen: str) -> float:
    m = re.search(r"(\d+[.,]\d+) kWh", screen)
    if not m:
        raise ScenarioFailed("no kWh figure on screen\n" + screen)
    return float(m.group(1).replace(",", "."))


def scenario_full_walk(h: Harness, term: str = "tmux-256color") -> None:
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=h.workdir)
    try:
        t.start(app_command(h.binary, h.env(home), term, "--sandbox-speed 30"))
        first = kwh(walk_to_live_panel(t))
        t.wait_for(lambda s: re.search(r"(\d+\.\d+) kWh", s) is not None and kwh(s) > first,
                   label=f"kWh rising above {first}", timeout=30)
        t.type("s")
        t.wait_for(lambda s: "Stop charging now?" in s and "[y] yes  [n] no" in s, label="the stop dialog (question and its keys)")
        t.type("y")
        t.wait_for(lambda s: "Summary" in s or "Zusammenfassung" in s, label="summary after stop", timeout=30)
        t.type("q")
        screen = t.wait_for("END-OF-RUN", label="app exit", timeout=15)
        check_restored(screen, home)
    finally:
        t.kill_server()


def scenario_vt100(h: Harness) -> None:
    scenario_full_walk(h, term="vt100")


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def find_app_pid(shell_pid: int, binary: str) -> int | None:
    out = subprocess.run(["ps", "-o", "pid=,args=", "--ppid", str(shell_pid)], capture_output=True, text=True).stdout
    for line in out.splitlines():
        pid, _, args = line.strip().partition(" ")
        if os.path.basename(binary) in args:
            return int(pid)
    return None


def scenario_sighup_mid_session(h: Harness) -> None:
    """SSH drop mid-session: the app ends cleanly; the next start finds the session."""
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=h.workdir)
    try:
        t.start(app_command(h.binary, h.env(home), "xterm-256color", "--sandbox-speed 30"))
        walk_to_live_panel(t)
        app_pid = find_app_pid(t.pane_pid(), h.binary)
        if app_pid is None:
            raise ScenarioFailed("could not find the app's process")
        os.kill(app_pid, signal.SIGHUP)
        deadline = time.monotonic() + 10
        while process_alive(app_pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if process_alive(app_pid):
            raise ScenarioFailed("the app did not end within 10 s of SIGHUP")
        screen = t.wait_for("END-OF-RUN", label="shell after SIGHUP", timeout=10)
        check_restored(screen, home, expect_exit=128 + signal.SIGHUP)
    finally:
        t.kill_server()
    # Start again with the same state: after sign-in the running session opens directly.
    t2 = h.new_tmux()
    try:
        t2.start(app_command(h.binary, h.env(home), "xterm-256color", "--sandbox-speed 30"))
        sign_in(t2)
        t2.wait_for(lambda s: re.search(r"\d+\.\d+ kWh", s) is not None and ("Charging" in s or "Lädt" in s),
                    label="the running session resumed in the live panel", timeout=30)
        t2.type("s")
        t2.wait_for(lambda s: "Stop charging now?" in s and "[y] yes  [n] no" in s, label="the stop dialog (question and its keys)")
        t2.type("y")
        t2.wait_for(lambda s: "Summary" in s or "Zusammenfassung" in s, label="summary", timeout=30)
        t2.type("q")
        check_restored(t2.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
    finally:
        t2.kill_server()


def scenario_two_sessions(h: Harness) -> None:
    """Issue 19: start connector 1 -> Esc -> the same station -> start another connector ->
    `l` -> stop it: the first session is still shown, followed and stoppable; quitting asks
    until none runs."""
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=h.workdir)
    try:
        t.start(app_command(h.binary, h.env(home), "xterm-256color", "--sandbox-speed 30"))
        walk_to_live_panel(t)
        t.keys("Escape")
        t.wait_for(lambda s: "● Charging" in s.splitlines()[0] and stations_listed_nearest_first(s), label="list with ● Charging in the header")
        t.keys("Enter")  # the same station (the selection is kept)
        t.wait_for(lambda s: "Available" in s and "Charging" in "\n".join(s.splitlines()[1:]), label="detail: one connector charging, another free",
                   timeout=20)
        t.keys("Enter")  # start on the first free connector
        confirm_start(t, card="Company card")
        t.wait_for(lambda s: "● 2 charging" in s.splitlines()[0] and re.search(r"\d+\.\d+ kWh", s) is not None,
                   label="the second session's panel, the header counting both", timeout=60)
        t.type("l")
        t.wait_for(lambda s: "Running sessions" in s and s.count("●") >= 3, label="the chooser listing both sessions")
        t.keys("Escape")
        t.wait_for(lambda s: "Running sessions" not in s, label="chooser closed")
        t.type("s")
        t.wait_for(lambda s: "Stop" in s and "y" in s.lower(), label="stop confirmation")
        t.type("y")
        t.wait_for(lambda s: "Summary" in s, label="summary of the second session", timeout=30)
        t.keys("Enter")
        t.wait_for(lambda s: "● Charging" in s.splitlines()[0] and "l session" in s, label="the first session still in the header, l offered",
                   timeout=20)
        t.type("q")
        t.wait_for(lambda s: "Quit?" in s, label="quitting asks while the first session runs")
        t.type("n")
        t.wait_for(lambda s: "Quit?" not in s, label="question closed")
        t.type("l")
        first = t.wait_for(lambda s: "Charging session" in s and re.search(r"\d+\.\d+ kWh", s) is not None and "● 2" not in s,
                           label="the first session's panel again", timeout=20)
        t.wait_for(lambda s: re.search(r"(\d+\.\d+) kWh", s) is not None and kwh(s) > kwh(first), label="its kWh rising: followed", timeout=30)
        t.type("s")
        t.wait_for(lambda s: "Stop" in s and "y" in s.lower(), label="stop confirmation")
        t.type("y")
        t.wait_for(lambda s: "Summary" in s, label="summary of the first session", timeout=30)
        t.keys("Enter")
        t.wait_for(lambda s: stations_listed_nearest_first(s) and "●" not in s.splitlines()[0], label="list with no session left")
        t.type("q")
        screen = t.wait_for("END-OF-RUN", label="app exit without asking", timeout=15)
        check_restored(screen, home)
    finally:
        t.kill_server()


# ---------------------------------------------------------------- sign-in by phone (QR)

def qr_pixels(screen: str) -> list[list[bool]] | None:
    """Reads the QR code back from the screen text: half blocks (two modules per cell,
    ink = light module) or the ASCII form (`##` per light module). True = light."""
    lines = screen.splitlines()
    for i, line in enumerate(lines):
        half = re.search(r"█{21,}", line)
        ascii_ = re.search(r"#{42,}", line)
        if half:
            left, width = half.start(), len(half.group())
            px: list[list[bool]] = []
            for seg in lines[i:]:
                seg = seg[left:left + width]
                if len(seg) < width or any(c not in "█▀▄ " for c in seg):
                    break
                px.append([c in "█▀" for c in seg])
                px.append([c in "█▄" for c in seg])
            return px
        if ascii_:
            left, width = ascii_.start(), len(ascii_.group())
            px = []
            for seg in lines[i:]:
                seg = seg[left:left + width]
                if len(seg) < width or any(c not in "# " for c in seg):
                    break
                px.append([seg[j] == "#" for j in range(0, width, 2)])
            return px
    return None


def decode_qr(screen: str) -> list[str]:
    """Decodes the QR code on screen with zxing-cpp (PyPI): the URL a phone would open."""
    import zxingcpp  # noqa: PLC0415 - only these scenarios need it
    from PIL import Image  # noqa: PLC0415
    px = qr_pixels(screen)
    if not px:
        raise ScenarioFailed("no QR code on screen\n" + screen)
    scale, pad = 6, 4
    h, w = len(px), len(px[0])
    img = Image.new("L", ((w + 2 * pad) * scale, (h + 2 * pad) * scale), 255)
    for y, row in enumerate(px):
        for x, light in enumerate(row):
            if not light:
                img.paste(0, ((x + pad) * scale, (y + pad) * scale, (x + pad + 1) * scale, (y + pad + 1) * scale))
    return [r.text for r in zxingcpp.read_barcodes(img)]


def scenario_device_qr(h: Harness, term: str = "tmux-256color", width: int = WIDTH, height: int = HEIGHT) -> None:
    """F2 switches to sign-in by phone: the QR code decodes to the URL shown above it, and
    approving that code (as a phone would) signs the app in."""
    t = h.new_tmux(width, height)
    home = tempfile.mkdtemp(dir=h.workdir)
    try:
        t.start(app_command(h.binary, h.env(home), term))
        t.wait_for("Demo: demo-user", label="sign-in form", timeout=60)
        t.keys("F2")
        screen = t.wait_settled("Code expires", label="device code with QR")
        m = re.search(r"(https?://\S+/activate\?user_code=([A-Z0-9-]+))", screen)
        if not m:
            raise ScenarioFailed("no verification URL on screen\n" + screen)
        url, code = m.group(1), m.group(2)
        decoded = decode_qr(screen)
        if decoded != [url]:
            raise ScenarioFailed(f"the QR code decodes to {decoded}, expected [{url!r}]\n{screen}")
        base = url.split("/activate")[0]
        out = subprocess.run([h.binary, "sandbox", "approve", code, "--url", base], capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            raise ScenarioFailed(f"approving failed: {out.stdout}{out.stderr}")
        t.wait_for(stations_listed_nearest_first, label="signed in by phone: the station list", timeout=30)
        t.type("q")
        check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
    finally:
        t.kill_server()


def scenario_device_qr_ascii(h: Harness) -> None:
    scenario_device_qr(h, term="vt100", width=100, height=50)


# ---------------------------------------------------------------- TERM matrix

def scenario_term_matrix(h: Harness) -> None:
    """Each TERM starts, draws the sign-in form and the station list, and quits cleanly."""
    for term in ("xterm-256color", "screen", "tmux-256color", "linux", "vt100"):
        t = h.new_tmux()
        home = tempfile.mkdtemp(dir=h.workdir)
        try:
            t.start(app_command(h.binary, h.env(home), term))
            try:
                sign_in(t)
                screen = t.wait_for(stations_listed_nearest_first, label="station list", timeout=30)
                if "q quit" not in screen:
                    raise ScenarioFailed("no key hints on the bottom line")
                t.type("q")
                check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
            except ScenarioFailed as e:
                raise ScenarioFailed(f"TERM={term}: {e}") from None
        finally:
            t.kill_server()


LOCALE_VARIABLES = ("LANG", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "LANGUAGE")


def scenario_no_locale(h: Harness) -> None:
    """No locale at all (no LANG, no LC_*: the C locale a bare SSH session or a service may
    have): the app still signs in, lists stations within the radius and quits cleanly."""
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=h.workdir)
    env = {k: v for k, v in h.env(home).items() if k not in LOCALE_VARIABLES}
    try:
        t.start(app_command(h.binary, env, "xterm-256color", unset=LOCALE_VARIABLES))
        sign_in(t)
        screen = t.wait_for(stations_listed_nearest_first, label="station list without a locale", timeout=30)
        check_within_radius(screen, 5.0)
        t.type("q")
        check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
    finally:
        t.kill_server()


# ---------------------------------------------------------------- kiosk

def scenario_kiosk(h: Harness) -> None:
    """--kiosk: q, Ctrl-C, Ctrl-Z and Ctrl-\\ do not end or suspend the app; an idle user
    charging is locked out of the panel (progress shows, stopping needs sign-in); a wrong
    PIN is refused, the right one leaves with the terminal restored; nothing is written
    under HOME but the config file. Security (issue 18): `kiosk-pin` refuses weak PINs; the
    process allows no core dumps; three wrong PINs block entry, and closing the dialog
    (Esc) and opening a new one (F10) does not lift the block (it once did: the right PIN
    then left at once)."""
    home = tempfile.mkdtemp(dir=h.workdir)
    env = h.env(home)
    for weak in ("1234", "7777"):
        out = subprocess.run([h.binary, "kiosk-pin"], input=f"{weak}\n", capture_output=True, text=True, timeout=30, env={**os.environ, **env})
        if out.returncode == 0 or "admin_pin_hash" in out.stdout or "first guesses" not in out.stderr:
            raise ScenarioFailed(f"kiosk-pin accepted the weak PIN {weak}: {out.stdout}{out.stderr}")
    pin_line = subprocess.run([h.binary, "kiosk-pin"], input="2468\n", capture_output=True, text=True, timeout=30, env={**os.environ, **env})
    if pin_line.returncode != 0 or "admin_pin_hash" not in pin_line.stdout:
        raise ScenarioFailed(f"kiosk-pin failed: {pin_line.stdout}{pin_line.stderr}")
    config_dir = os.path.join(env["XDG_CONFIG_HOME"], "chargeterm")
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, "config.toml"), "w") as f:
        f.write(f"[kiosk]\nenabled = true\nidle_minutes = 0.25\n{pin_line.stdout}")
    before = set(files_under(home))
    t = h.new_tmux()
    try:
        t.start(app_command(h.binary, env, "xterm-256color", "--sandbox-speed 30"))
        t.wait_for("Demo: demo-user", label="kiosk sign-in form", timeout=60)
        app_pid = find_app_pid(t.pane_pid(), h.binary)
        if app_pid is not None:
            with open(f"/proc/{app_pid}/limits") as f:
                core = next((line for line in f if line.startswith("Max core file size")), "")
            if core.split()[4:6] != ["0", "0"]:
                raise ScenarioFailed(f"kiosk mode allows core dumps: {core.strip()}")
        t.keys("Escape")
        t.keys("C-c")
        t.keys("C-z")
        t.keys("C-\\")
        t.wait_for("This terminal stays open", label="the kiosk notice")
        if app_pid is None or not process_alive(app_pid) or "END-OF-RUN" in t.screen():
            raise ScenarioFailed("the kiosk app ended on Esc / Ctrl-C / Ctrl-Z / Ctrl-\\")
        walk_to_live_panel(t)
        t.type("q")
        time.sleep(0.3)
        if not process_alive(app_pid):
            raise ScenarioFailed("q ended the kiosk app")
        # Idle: 15 s to the sign-out, the countdown shows first, then the locked panel.
        t.wait_for("signing out in", label="idle countdown", timeout=30)
        screen = t.wait_for("Locked", label="locked live panel", timeout=30)
        if "Enter sign in to stop" not in screen or "Charging" not in screen:
            raise ScenarioFailed("the locked panel should show progress and only 'sign in to stop'\n" + screen)
        first = kwh(screen)
        t.wait_for(lambda s: re.search(r"(\d+\.\d+) kWh", s) is not None and kwh(s) > first, label="progress on the locked panel", timeout=30)
        t.type("s")
        t.wait_for("Sign in to stop the charging session", label="sign-in asked before stopping")
        t.keys("Escape")
        t.wait_for("Locked", label="back to the locked panel")
        t.keys("F10")
        t.wait_for("PIN to leave", label="admin PIN dialog")
        t.type("1111")
        t.keys("Enter")
        t.wait_for("Wrong PIN", label="wrong PIN refused")
        t.type("2468")
        t.keys("Enter")
        check_restored(t.wait_for("END-OF-RUN", label="kiosk exit with the PIN", timeout=15), home)
        written = sorted(set(files_under(home)) - before - {"exit.txt", "stty.txt"})
        if written:
            raise ScenarioFailed(f"kiosk mode wrote files: {written}")
    finally:
        t.kill_server()
    kiosk_pin_lockout(h, env)


def kiosk_pin_lockout(h: Harness, env: dict[str, str]) -> None:
    """The old bypass (issue 18): three wrong PINs, Esc, F10, and the right PIN left at once.
    Now the block outlives the dialog, and only after its 30 s does the right PIN leave.
    A long idle time, so no idle countdown takes keys meanwhile."""
    t = h.new_tmux()
    try:
        t.start(app_command(h.binary, env, "xterm-256color", "--idle-minutes 10"))
        t.wait_for("Demo: demo-user", label="kiosk sign-in form", timeout=60)
        app_pid = find_app_pid(t.pane_pid(), h.binary)
        t.keys("F10")
        t.wait_for("PIN to leave", label="admin PIN dialog")
        for i in range(3):
            t.type("1111")
            t.keys("Enter")
            if i < 2:
                t.wait_for("Wrong PIN", label=f"wrong PIN {i + 1} refused")
        t.wait_for("Try again in 30 s", label="entry blocked after three wrong PINs")
        blocked_at = time.monotonic()
        t.keys("Escape")
        t.wait_for(lambda s: "PIN to leave" not in s, label="PIN dialog closed")
        t.keys("F10")
        t.wait_for(lambda s: "PIN to leave" in s and "Try again in" in s, label="a new PIN dialog, still blocked")
        t.type("2468")
        t.wait_for("••••", label="PIN typed")
        t.keys("Enter")
        t.wait_for(lambda s: "PIN to leave" in s and "••••" not in s, label="the right PIN refused during the block")
        if app_pid is None or not process_alive(app_pid) or "END-OF-RUN" in t.screen():
            raise ScenarioFailed("the right PIN left the app during the block (Esc + F10 bypass)")
        # The block is 30 s by contract: wait it out, then the right PIN leaves.
        time.sleep(max(0.0, blocked_at + 31 - time.monotonic()))
        t.type("2468")
        t.keys("Enter")
        check_restored(t.wait_for("END-OF-RUN", label="kiosk exit with the PIN after the block", timeout=15), env["HOME"])
    finally:
        t.kill_server()


def files_under(root: str) -> list[str]:
    out = []
    for d, _, names in os.walk(root):
        out += [os.path.relpath(os.path.join(d, n), root) for n in names]
    return out


# ---------------------------------------------------------------- locales (issue 12)

# (name, forwarded locale, extra flags, expected mode, German UI?, log must mention).
# The host has C.UTF-8 and de_DE.UTF-8 (scripts/setup); en_US.UTF-8 and de_AT.UTF-8
# stay missing on purpose: what an SSH session from a laptop brings.
LOCALES: list[tuple[str, dict[str, str], str, str, bool, str]] = [
    ("LANG=en_US.UTF-8 (missing here)", {"LANG": "en_US.UTF-8"}, "", "utf8", False, "character type from C.UTF-8"),
    ("LANG=de_AT.UTF-8 (missing here)", {"LANG": "de_AT.UTF-8"}, "", "utf8", True, "character type from C.UTF-8"),
    ("LC_CTYPE=UTF-8 (macOS)", {"LC_CTYPE": "UTF-8"}, "", "utf8", False, "LC_CTYPE=UTF-8 is not installed"),
    ("LANG=de_DE.UTF-8 (installed)", {"LANG": "de_DE.UTF-8"}, "", "utf8", True, "LANG=de_DE.UTF-8 is installed here"),
    ("LANG=POSIX", {"LANG": "POSIX"}, "", "ascii", False, "asks for no UTF-8"),
    ("no LANG/LC_* at all", {}, "", "ascii", False, "no LANG/LC_* set"),
    ("LANG=de_AT.UTF-8 with --ascii", {"LANG": "de_AT.UTF-8"}, "--ascii", "ascii", True, "--ascii given"),
]


def installed_locales() -> set[str]:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout
    return {line.strip().lower().replace("utf-8", "utf8") for line in out.splitlines()}


def scenario_locale_walk(h: Harness) -> None:
    """Under each forwarded locale: sign in, the station list (number format of the UI
    language), a search for Sterneckstraße (spelled out in UTF-8, "Sterneckstrasse" in
    ASCII, never a dropped letter), the detail (translated status, German price), start,
    live kWh, stop, summary, quit with the terminal restored; the log says which mode and why."""
    have = installed_locales()
    if "de_de.utf8" not in have:
        raise ScenarioFailed("de_DE.UTF-8 is not installed: run scripts/setup (it generates it)")
    for bad in ("en_us.utf8", "de_at.utf8"):
        if bad in have:
            raise ScenarioFailed(f"{bad} is installed here, so the missing-locale cases would not test anything")
    for name, locale, flags, mode, german, why in LOCALES:
        t = h.new_tmux()
        home = tempfile.mkdtemp(dir=h.workdir)
        try:
            t.start(app_command(h.binary, h.env(home, locale), "xterm-256color", f"--sandbox-speed 30 {flags}"))
            sign_in(t)
            screen = t.wait_for(stations_listed_nearest_first, label="stations within 5 km, nearest first", timeout=30)
            decimal = r"\d,\d\d km" if german else r"\d\.\d\d km"
            if not re.search(decimal, screen) or re.search(r"\d,\d\d km" if not german else r"\d\.\d\d km", screen):
                raise ScenarioFailed(f"distances not in the {'German' if german else 'English'} format\n{screen}")
            if mode == "ascii" and any(ord(c) > 127 for c in screen):
                raise ScenarioFailed("non-ASCII characters on an ASCII terminal\n" + screen)
            t.type("/")
            t.type("Sterneck")
            t.keys("Enter")
            street = "Sterneckstraße" if mode == "utf8" else "Sterneckstrasse"
            screen = t.wait_for(street, label=f"{street} in the search result", timeout=30)
            if "Sterneckstrae" in screen:
                raise ScenarioFailed("a letter was dropped\n" + screen)
            # Back to the plain nearest-first list: clear the search.
            t.type("/")
            t.keys(*["BSpace"] * 8, "Enter")
            t.wait_for(lambda s: stations_listed_nearest_first(s) and '"Sterneck"' not in s, label="the list without the search", timeout=30)
            t.keys("Enter")
            available = "Verfügbar" if german and mode == "utf8" else "Verfuegbar" if german else "Available"
            screen = t.wait_for(available, label=f"detail with {available}")
            if german:
                price = r"\d,\d\d €/kWh" if mode == "utf8" else r"\d,\d\d EUR/kWh"
                if not re.search(price, screen) or not re.search(r"Montag|Sonntag|Samstag", screen):
                    raise ScenarioFailed(f"German price ({price}) or day names missing\n{screen}")
            t.keys("Enter")
            confirmed_price = confirm_start(t)
            if german and not re.search(price, confirmed_price):
                raise ScenarioFailed(f"the confirmation's price is not in the German format: {confirmed_price}")
            screen = t.wait_for(lambda s: re.search(r"\d+[.,]\d+ kWh", s) is not None and any(w in s for w in ("Charging", "Lädt", "Laedt")),
                                label="live panel charging", timeout=60)
            if german and not re.search(r"\d,\d\d kWh", screen):
                raise ScenarioFailed("the live panel's kWh is not in the German format\n" + screen)
            t.type("s")
            t.wait_for(lambda s: "Stop" in s or "beenden?" in s, label="stop confirmation")
            t.type("j" if german else "y")
            t.wait_for(lambda s: "Summary" in s or "Zusammenfassung" in s, label="summary after stop", timeout=30)
            t.type("q")
            check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
            log_path = os.path.join(home, "state", "chargeterm", "chargeterm.log")
            with open(log_path, encoding="utf-8", errors="replace") as f:
                log = f.read()
            line = next((l for l in log.splitlines() if "terminal text:" in l), "")
            expected = "UTF-8" if mode == "utf8" else "ASCII"
            if f"terminal text: {expected}" not in line or why not in line:
                raise ScenarioFailed(f"the log should say {expected} because {why!r}; it says: {line or '(nothing)'}")
        except ScenarioFailed as e:
            raise ScenarioFailed(f"{name}: {e}") from None
        finally:
            t.kill_server()


# ---------------------------------------------------------------- hostile server text

HOSTILE_MARKERS = ["Zeilen", "Tabulator", "Titel", "Bidi", "Zero", "Breit"]
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def cells(text: str) -> int:
    """Display width of captured text, by Python's wcwidth (an independent table)."""
    import wcwidth  # noqa: PLC0415 - only this scenario needs it
    return sum(max(0, wcwidth.wcwidth(c)) for c in text)


def check_hostile_list(screen: str, ascii_mode: bool) -> None:
    rows = [l for l in screen.splitlines() if re.match(r"^\s+\d+[.,]\d+ km\s", l)]
    if len(rows) < 6:
        raise ScenarioFailed(f"expected at least 6 station rows, found {len(rows)}\n{screen}")
    for marker in HOSTILE_MARKERS:
        hits = [r for r in rows if marker in r]
        if len(hits) != 1:
            raise ScenarioFailed(f"{marker!r} should be on exactly one station row, found {len(hits)}\n{screen}")
    # Letters around the hostile characters are all there.
    for word in ("bruch", "Wagen", "Mitte", "Rot", "evil", "iso", "ZeroWidthJoin", "lone"):
        if word not in screen:
            raise ScenarioFailed(f"{word!r} is missing from the list\n{screen}")
    if not ascii_mode and "東京駅" not in screen:
        raise ScenarioFailed("the CJK name is missing\n" + screen)
    if ascii_mode and any(ord(c) > 127 for c in screen):
        raise ScenarioFailed("non-ASCII on an ASCII terminal\n" + screen)
    if UNSAFE.search(screen) or "^[" in screen:
        raise ScenarioFailed(f"raw control or bidi characters in the pane: {UNSAFE.findall(screen)!r}\n{screen}")
    # Columns: the free count (n/m) and the max power end in the same cell on every row.
    dist_ends, free_ends, power_ends = set(), set(), set()
    for r in rows:
        m = re.search(r"\s(\d+/\d+)\s+(\d+(?:[.,]\d)? kW)", r)
        dist = re.match(r"^\s+\d+[.,]\d+ km", r)
        if not m or not dist:
            raise ScenarioFailed(f"a row lost its distance/free/max columns: {r!r}\n{screen}")
        dist_ends.add(cells(dist.group(0)))
        free_ends.add(cells(r[:m.end(1)]))
        power_ends.add(cells(r[:m.end(2)]))
    if len(dist_ends) != 1 or len(free_ends) != 1 or len(power_ends) != 1:
        raise ScenarioFailed(f"columns are not aligned: distance ends at {dist_ends}, free at {free_ends}, max at {power_ends}\n{screen}")


def scenario_hostile_names(h: Harness) -> None:
    """The six nearest stations carry newline, CR, tab, ESC (also an OSC window-title
    sequence), C1, bidi, zero-width, combining, CJK and emoji characters: every station
    keeps one row with aligned columns, the letters are there, no raw control or bidi
    character reaches the pane, the window title stays; then the same in ASCII mode."""
    for term, flags, ascii_mode in (("tmux-256color", "", False), ("xterm-256color", "--ascii", True)):
        t = h.new_tmux(120, HEIGHT)
        home = tempfile.mkdtemp(dir=h.workdir)
        try:
            t.start(app_command(h.binary, h.env(home, {"LANG": "en_US.UTF-8"}), term, f"--sandbox-hostile-names {flags}"))
            title = t.cmd("display-message", "-p", "-t", t.name, "#{pane_title}").strip()
            sign_in(t)
            screen = t.wait_for(lambda s: all(m in s for m in HOSTILE_MARKERS), label="the six hostile stations", timeout=30)
            check_hostile_list(screen, ascii_mode)
            # The detail of the nearest one (hostile name, address and connector labels).
            t.keys("Enter")
            screen = t.wait_for(lambda s: "Available" in s, label="hostile station detail")
            if UNSAFE.search(screen) or "^[" in screen:
                raise ScenarioFailed("raw control characters on the detail screen\n" + screen)
            t.keys("Escape")
            t.wait_for(lambda s: all(m in s for m in HOSTILE_MARKERS), label="back to the list")
            after = t.cmd("display-message", "-p", "-t", t.name, "#{pane_title}").strip()
            if after != title or "PWNED" in after:
                raise ScenarioFailed(f"the window title changed: {title!r} → {after!r}")
            t.type("q")
            check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
        except ScenarioFailed as e:
            raise ScenarioFailed(f"{'ASCII' if ascii_mode else 'UTF-8'}: {e}") from None
        finally:
            t.kill_server()
# ---------------------------------------------------------------- opening hours (issue 15)

SHOP_HOURS = "Hours: Monday–Saturday 07:00–21:00"


def shop_line(now) -> str:
    """What the detail must say for Monday–Saturday 07:00–21:00 at `now` (Vienna time)."""
    minute = now.hour * 60 + now.minute
    workday = now.weekday() < 6  # Monday = 0 … Saturday = 5
    if workday and 7 * 60 <= minute < 21 * 60:
        return "Open now · closes 21:00"
    if workday and minute < 7 * 60:
        return "Closed · opens 07:00"
    days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    following = (now.weekday() + 1) % 7
    return f"Closed · opens {days[0 if following == 6 else following]} 07:00"


def scenario_opening_hours(h: Harness) -> None:
    """The nearest station with shop hours (Monday–Saturday 07:00–21:00, the sandbox's
    Europe/Vienna): its detail says open or closed exactly as Vienna's clock says now (the
    expectation is computed here from the real time, before and after, so a minute that
    crosses 07:00 or 21:00 accepts either), and the list marks it ⊘ only when closed."""
    from datetime import datetime  # noqa: PLC0415
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    vienna = ZoneInfo("Europe/Vienna")
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=h.workdir)
    try:
        t.start(app_command(h.binary, h.env(home), "xterm-256color"))
        before = datetime.now(vienna)
        sign_in(t)
        t.wait_for(stations_listed_nearest_first, label="stations within 5 km", timeout=30)
        screen = ""
        for i in range(15):
            t.keys("Enter")
            screen = t.wait_for(lambda s: "Esc back" in s and "Status" in s, label=f"detail of station {i + 1}")
            if SHOP_HOURS in screen:
                break
            if "Open 24/7" not in screen:
                raise ScenarioFailed("a sandbox station's detail says neither its hours nor 24/7\n" + screen)
            t.keys("Escape")
            t.wait_for(lambda s: "stations within" in s, label="back to the list")
            t.keys("Down")
        else:
            raise ScenarioFailed("no station with shop hours among the 15 nearest")
        after = datetime.now(vienna)
        line = next(l for l in screen.splitlines() if SHOP_HOURS in l).strip()
        accepted = {shop_line(before), shop_line(after)}
        if not any(line == f"{a} · {SHOP_HOURS}" for a in accepted):
            raise ScenarioFailed(f"at {after:%a %H:%M} Vienna the line should be one of {accepted}, it is {line!r}\n{screen}")
        name = screen.splitlines()[0].split("— ", 1)[-1].strip().split("   ")[0].strip()
        t.keys("Escape")
        listed = t.wait_for(lambda s: "stations within" in s and name in s, label="back to the list")
        row = next((l for l in listed.splitlines() if name in l), "")
        if len(accepted) == 1:
            closed = line.startswith("Closed")
            if closed != (f"⊘ {name}" in row):
                raise ScenarioFailed(f"the list's closed mark disagrees with the detail ({line!r}): {row!r}\n{listed}")
        t.type("q")
        check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
    finally:
        t.kill_server()


# ---------------------------------------------------------------- keys in every encoding (issue 19)

ESC = b"\x1b"
# What terminals send for the editing keys; under TERM=xterm-256color curses knows only
# ESC OH / ESC OF, so the others reach the app byte by byte and must still decode.
HOME_TILDE, END_TILDE = ESC + b"[1~", ESC + b"[4~"      # tmux, PuTTY, rxvt
HOME_CSI, END_CSI = ESC + b"[H", ESC + b"[F"            # xterm normal mode
HOME_SS3, END_SS3 = ESC + b"OH", ESC + b"OF"            # xterm application mode
HOME_RXVT, END_RXVT = ESC + b"[7~", ESC + b"[8~"        # rxvt
PGUP, PGDN, INSERT, DELETE = ESC + b"[5~", ESC + b"[6~", ESC + b"[2~", ESC + b"[3~"


def status_row(screen: str) -> str:
    lines = screen.rstrip("\n").split("\n")
    return lines[-2] if len(lines) >= 2 else ""


def scenario_raw_key_sequences(h: Harness) -> None:
    """Home/End/PgUp/PgDn/Insert/Delete as raw sequences: on the sign-in form they edit
    the password (Home never quits), on the list End reaches the last of the whole result
    and Home the first, and in the search prompt Home moves the cursor ("öamtc" then finds
    ÖAMTC: the sandbox folds case for every letter)."""
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=h.workdir)
    try:
        t.start(app_command(h.binary, h.env(home), "xterm-256color"))
        t.wait_for("Demo: demo-user", label="sign-in form", timeout=60)
        t.wait_for("Password", label="password field")
        t.type("emo-user-passwordQ")
        t.raw(HOME_TILDE)            # must not quit
        t.type("d")                  # demo-user-passwordQ, cursor after d
        t.raw(END_RXVT)
        t.keys("BSpace")             # demo-user-password
        t.raw(HOME_SS3)
        t.raw(DELETE)                # emo-user-password
        t.raw(INSERT)                # nothing
        t.raw(ESC + b"[99~")         # unknown: ignored, never Esc
        t.type("d")                  # demo-user-password
        t.raw(HOME_CSI)
        t.raw(END_CSI)
        t.raw(END_SS3)
        t.raw(HOME_RXVT)
        t.raw(END_TILDE)
        screen = t.wait_for(lambda s: re.search(r"(?<!•)•{18}(?!•)", s) is not None, label="18 password bullets after editing with raw keys")
        if "END-OF-RUN" in screen:
            raise ScenarioFailed("a raw Home/End sequence ended the app\n" + screen)
        t.keys("Enter")
        screen = t.wait_for(stations_listed_nearest_first, label="signed in with the password edited by raw keys", timeout=30)
        # The list at 50 km: End walks to the last station of the whole result.
        for _ in range(4):
            t.type("+")
        screen = t.wait_for(lambda s: re.search(r"(\d+) stations within 50 km", s) is not None and re.search(r"\b1/\d+", s) is not None,
                            label="the list at 50 km", timeout=30)
        total = int(re.search(r"(\d+) stations within 50 km", screen).group(1))
        if total <= 100:
            raise ScenarioFailed(f"expected more than one page at 50 km, got {total}\n{screen}")
        t.raw(END_TILDE)
        screen = t.wait_for(lambda s: f"{total}/{total}" in s and "Loading to the end" not in status_row(s),
                            label=f"End: row {total} of {total}", timeout=60)
        t.raw(HOME_SS3)
        t.wait_for(lambda s: f" 1/{total}" in s, label="Home: row 1")
        t.raw(PGDN)
        t.wait_for(lambda s: re.search(rf"\b([2-9]|\d\d+)/{total}\b", s) is not None, label="PgDn moves a page")
        t.raw(PGUP)
        t.wait_for(lambda s: f" 1/{total}" in s, label="PgUp back to row 1")
        t.raw(END_CSI)
        t.wait_for(f"{total}/{total}", label="End (ESC[F)")
        t.raw(HOME_TILDE)
        t.wait_for(lambda s: f" 1/{total}" in s, label="Home (ESC[1~)")
        # Search prompt: Home moves the cursor, it does not cancel the prompt.
        t.type("/")
        t.wait_for("Search:", label="search prompt")
        t.type("amtc")
        t.raw(HOME_TILDE)
        t.type("ö")
        t.wait_for("Search: öamtc", label="Home in the search prompt moved the cursor")
        t.keys("Enter")
        screen = t.wait_for(lambda s: re.search(r"\d+ stations? within 50 km", s) is not None and "ÖAMTC" in s and '"öamtc"' in s,
                            label="öamtc finds ÖAMTC", timeout=30)
        t.type("q")
        check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
    finally:
        t.kill_server()


def scenario_device_leave_and_return(h: Harness) -> None:
    """Sign-in with a code: the footer offers only keys that work; leaving the code screen
    stops its polling (no spinner on the password form) and says so; a phone approving
    afterwards is honoured when the user goes back (F2), with the same code."""
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=h.workdir)
    try:
        t.start(app_command(h.binary, h.env(home), "xterm-256color"))
        t.wait_for("Demo: demo-user", label="sign-in form", timeout=60)
        t.keys("F2")
        screen = t.wait_for("Code expires", label="device code")
        footer = screen.rstrip("\n").split("\n")[-1]
        if "F2 sign in with password" not in footer or "Esc back" not in footer or "Tab" in footer:
            raise ScenarioFailed("the code screen's footer should offer F2 and Esc only\n" + screen)
        m = re.search(r"(https?://\S+/activate\?user_code=([A-Z0-9-]+))", screen)
        if not m:
            raise ScenarioFailed("no verification URL on screen\n" + screen)
        url, code = m.group(1), m.group(2)
        t.keys("Escape")
        screen = t.wait_for(f"Stopped waiting for code {code}", label="the password form says the code is no longer watched")
        # A spinner left running animates every 250 ms: watch the status row for a second.
        deadline = time.monotonic() + 1.0
        while time.monotonic() < deadline:
            row = status_row(t.screen()).strip()
            if row and row[0] in "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏":
                raise ScenarioFailed("a spinner is left on the password form\n" + t.screen())
            time.sleep(0.05)
        base = url.split("/activate")[0]
        out = subprocess.run([h.binary, "sandbox", "approve", code, "--url", base], capture_output=True, text=True, timeout=30)
        if out.returncode != 0:
            raise ScenarioFailed(f"approving failed: {out.stdout}{out.stderr}")
        t.keys("F2")
        t.wait_for(stations_listed_nearest_first, label="the approval made after leaving signs in on return", timeout=30)
        t.type("q")
        check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
    finally:
        t.kill_server()


# ---------------------------------------------------------------- receipt, history, invoice QR

MONEY = re.compile(r"(-?\d[\d,]*\.\d{2}) EUR")


def receipt_figures(screen: str) -> tuple[list[float], float]:
    """The gross amount of each cost item (the last amount on its row, between the table's
    heading and its rule) and the total, as printed on a receipt (English)."""
    lines = screen.splitlines()
    head = next((i for i, l in enumerate(lines) if "Item" in l and "Gross" in l), None)
    if head is None:
        raise ScenarioFailed("no cost table on the receipt\n" + screen)
    items: list[float] = []
    i = head + 1
    while i < len(lines) and "────" not in lines[i] and "----" not in lines[i]:
        amounts = MONEY.findall(lines[i])
        if not amounts:
            raise ScenarioFailed(f"a cost item without a gross amount: {lines[i]!r}\n{screen}")
        items.append(float(amounts[-1].replace(",", "")))
        i += 1
    total_line = next((l for l in lines[i:] if l.strip().startswith("Total")), None)
    total = MONEY.findall(total_line or "")
    if not total:
        raise ScenarioFailed("no total on the receipt\n" + screen)
    return items, float(total[-1].replace(",", ""))


def check_receipt_adds_up(screen: str) -> None:
    items, total = receipt_figures(screen)
    if not items:
        raise ScenarioFailed("the receipt lists no cost items\n" + screen)
    if round(sum(items) * 100) != round(total * 100):
        raise ScenarioFailed(f"the cost items {items} do not add up to the total {total}\n{screen}")


def shown_link(screen: str) -> str:
    """The download link as printed under "Download:", joined across its wrapped lines."""
    lines = screen.splitlines()
    for i, line in enumerate(lines):
        col = line.find("Download:")
        if col < 0:
            continue
        parts = []
        for nxt in lines[i + 1:]:
            part = nxt[col:].strip()
            if not part:
                break
            parts.append(part)
        return "".join(parts)
    raise ScenarioFailed("no download link on the invoice\n" + screen)


def history_receipt_and_invoice(t: Tmux) -> None:
    """From a receipt after a stop: the history (sessions newest first), the newest
    session's receipt (its items add up to its total), back with the cursor kept, then the
    invoices and the first one's QR code, which must decode to the link printed beside it."""
    t.type("h")
    t.wait_for(lambda s: " Sessions (" in s and " Invoices (" in s and "EUR" in s, label="the history's session list", timeout=30)
    t.keys("Enter")
    screen = t.wait_for(lambda s: "Receipt" in s and "Total" in s and "History" in s, label="a receipt from the history", timeout=15)
    check_receipt_adds_up(screen)
    t.keys("Escape")
    t.wait_for(lambda s: " Sessions (" in s and "Receipt" not in s, label="back on the list")
    t.keys("Tab")
    t.wait_for(lambda s: "Title" in s and "Invoice" in s, label="the invoice list")
    t.keys("Enter")
    screen = t.wait_settled("Scan to open the PDF", label="an invoice with its QR code", timeout=15)
    link = shown_link(screen)
    if not re.fullmatch(r"https://example\.invalid/documents/[0-9a-f-]+\.pdf", link):
        raise ScenarioFailed(f"the invoice shows {link!r}, not the sandbox's document link\n{screen}")
    decoded = decode_qr(screen)
    if decoded != [link]:
        raise ScenarioFailed(f"the invoice QR code decodes to {decoded}, expected [{link!r}]\n{screen}")
    t.keys("Escape")
    t.wait_for(lambda s: " Invoices (" in s and "Scan to open" not in s, label="back on the invoice list")


def scenario_receipt_history_invoice(h: Harness) -> None:
    """Charge, stop: the receipt replaces the summary and its items add up; then the
    history, a receipt from it, and an invoice whose QR code decodes to its link."""
    t = h.new_tmux()
    home = tempfile.mkdtemp(dir=h.workdir)
    try:
        t.start(app_command(h.binary, h.env(home), "tmux-256color", "--sandbox-speed 30"))
        first = kwh(walk_to_live_panel(t))
        t.wait_for(lambda s: re.search(r"(\d+\.\d+) kWh", s) is not None and kwh(s) > first,
                   label=f"kWh rising above {first}", timeout=30)
        t.type("s")
        t.wait_for("Stop charging now?", label="the stop dialog")
        t.type("y")
        screen = t.wait_for(lambda s: "Receipt" in s and "Total" in s, label="the receipt after the stop", timeout=30)
        check_receipt_adds_up(screen)
        history_receipt_and_invoice(t)
        t.type("q")
        check_restored(t.wait_for("END-OF-RUN", label="app exit", timeout=15), home)
    finally:
        t.kill_server()


SCENARIOS: list[tuple[str, Callable[[Harness], None]]] = [
    ("sign in, stations within 5 km, detail, start, live kWh rising, stop, summary, quit", scenario_full_walk),
    ("the same walk with TERM=vt100", scenario_vt100),
    ("SIGHUP mid-session ends cleanly; the next start resumes the session", scenario_sighup_mid_session),
    ("sign-in by phone: the QR code decodes to the URL; approving it signs in", scenario_device_qr),
    ("the QR code in ASCII (TERM=vt100, 100x50) decodes too", scenario_device_qr_ascii),
    ("TERM matrix: xterm-256color, screen, tmux-256color, linux, vt100", scenario_term_matrix),
    ("kiosk: no quitting, idle lock while charging, PIN lockout not bypassed, PIN exit, no core dumps, nothing written", scenario_kiosk),
    ("two sessions at one station: neither is orphaned (header, l chooser, quit asks)", scenario_two_sessions),
    ("no locale (no LANG or LC_*): sign in, stations within 5 km, quit", scenario_no_locale),
    ("locale matrix: the walk under forwarded, missing, macOS, POSIX, unset, de_DE and --ascii locales", scenario_locale_walk),
    ("hostile server text: one aligned row per station, no raw controls, title unchanged (UTF-8 and ASCII)", scenario_hostile_names),
    ("opening hours: a shop's detail says open or closed as Vienna's clock says; the list marks it only when closed", scenario_opening_hours),
    ("keys: raw Home/End/PgUp/PgDn/Insert/Delete on the sign-in form, the list (End reaches the last) and search", scenario_raw_key_sequences),
    ("keys: sign-in with a code, leave and return; an approval made meanwhile is honoured", scenario_device_leave_and_return),
    ("receipt after a stop adds up; history receipt adds up; invoice QR decodes to its link", scenario_receipt_history_invoice),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="path to the built chargeterm")
    ap.add_argument("-k", default="", help="run only scenarios whose name contains this")
    args = ap.parse_args()
    if not shutil.which("tmux"):
        print("e2e: tmux is not installed (scripts/setup installs it)", file=sys.stderr)
        return 2
    if not os.access(args.bin, os.X_OK):
        print(f"e2e: {args.bin} is not an executable; build first", file=sys.stderr)
        return 2
    workdir = tempfile.mkdtemp(prefix="chargeterm-e2e-")
    h = Harness(os.path.abspath(args.bin), workdir)
    passed = failed = 0
    for name, fn in SCENARIOS:
        if args.k and args.k not in name:
            continue
        start = time.monotonic()
        h.homes = []
        try:
            fn(h)
            passed += 1
            print(f"PASS {name} ({time.monotonic() - start:.1f} s)", flush=True)
        except Exception as e:  # noqa: BLE001 - report every failure, go on
            failed += 1
            print(f"FAIL {name} ({time.monotonic() - start:.1f} s)\n{e}", flush=True)
            if not isinstance(e, ScenarioFailed):
                traceback.print_exc()
            tails = h.log_tails()
            if tails:
                print(tails, flush=True)
    shutil.rmtree(workdir, ignore_errors=True)
    print(f"e2e: {passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
