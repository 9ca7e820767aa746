"""Shared helpers of the Python harnesses (reliability checks and benchmarks).

`start_sandbox` runs `chargeterm sandbox serve` on a free loopback port and reads the
GraphQL URL and the PSK it prints; `stop` ends it. One copy, so a change to how the
sandbox announces itself is made once (api_fuzz.py, soak.py, Benchmarks/memory.py).

Import from a script two folders down with:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests"))
"""
from __future__ import annotations

import dataclasses
import os
import select
import subprocess
import time


class SandboxDidNotStart(Exception):
    pass


@dataclasses.dataclass
class SandboxServer:
    process: subprocess.Popen
    url: str
    psk: str

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, timeout: float = 10) -> None:
        """SIGTERM, then SIGKILL if it does not end within `timeout` seconds."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


def start_sandbox(binary: str, *args: str, env: dict[str, str] | None = None, timeout: float = 120) -> SandboxServer:
    """Starts `binary sandbox serve --port 0 ARGS...` and waits (up to `timeout` s: seeding a
    new database on a loaded machine is slow) for the lines announcing its URL and PSK."""
    process = subprocess.Popen([os.path.abspath(binary), "sandbox", "serve", "--port", "0", *args],
                               stdout=subprocess.PIPE, bufsize=0, env=env)
    assert process.stdout
    url = psk = None
    pending = b""
    deadline = time.monotonic() + timeout
    # Unbuffered reads with select: a line that arrived is never left waiting in a buffer.
    while not (url and psk):
        left = deadline - time.monotonic()
        if left <= 0:
            break
        if not select.select([process.stdout], [], [], min(left, 1.0))[0]:
            if process.poll() is not None:
                break
            continue
        chunk = os.read(process.stdout.fileno(), 4096)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for raw in lines:
            line = raw.decode(errors="replace")
            if "GraphQL:" in line:
                url = line.split()[-1]
            if "PSK:" in line:
                psk = line.split()[-1]
    if not (url and psk):
        status = process.poll()
        SandboxServer(process, "", "").stop()
        raise SandboxDidNotStart(f"the sandbox did not announce its URL and PSK within {timeout:.0f} s"
                                 + (f" (it exited with status {status})" if status is not None else ""))
    return SandboxServer(process, url, psk)
