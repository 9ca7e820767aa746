#!/usr/bin/env python3
"""API fuzzing: schemathesis against the sandbox's GraphQL endpoint, plus hostile requests.

Starts `chargeterm sandbox serve` on loopback, signs in (initSession with the PSK as
bearer), loads the schema by introspection with schemathesis (PyPI) and, for every query
and mutation, sends `--max-examples` generated operations (random arguments and
selections) with the right bearer for the operation (PSK for initSession, the refresh
token for refreshSession, the session token otherwise; sometimes none or a wrong one).
Then a handful of hand-made hostile requests: not JSON, a 1 MB query, 5,000-deep
selections and lists, wrong variable types, an unknown operation name, GET, an empty body.

Checks: no answer is a 5xx, none takes longer than `--timeout` (a hang), and the server
still answers a plain query at the end. Prints cases, statuses seen and time; exits non-zero
on any failure, printing the query that caused it.

Usage: Tests/reliability/api_fuzz.py --bin PATH [--max-examples 30] [--smoke]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

try:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis import graphql
except ImportError:  # pragma: no cover
    sys.exit("api_fuzz.py needs schemathesis: run scripts/setup, then .venv/bin/python Tests/reliability/api_fuzz.py")


def post(url: str, body: bytes, bearer: str | None, timeout: float, method: str = "POST", content_type: str = "application/json") -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body if method == "POST" else None, method=method)
    req.add_header("content-type", content_type)
    if bearer:
        req.add_header("authorization", f"Bearer {bearer}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--max-examples", type=int, default=30)
    ap.add_argument("--smoke", action="store_true", help="5 examples per operation (CI)")
    ap.add_argument("--timeout", type=float, default=10)
    args = ap.parse_args()
    examples = 5 if args.smoke else args.max_examples
    server = subprocess.Popen([os.path.abspath(args.bin), "sandbox", "serve", "--port", "0", "--stations", "500"], stdout=subprocess.PIPE, text=True)
    url = psk = None
    assert server.stdout
    for _ in range(10):
        line = server.stdout.readline()
        if "GraphQL:" in line:
            url = line.split()[-1]
        if "PSK:" in line:
            psk = line.split()[-1]
        if url and psk:
            break
    if not (url and psk):
        print("api_fuzz: the sandbox did not start")
        return 2
    failures: list[str] = []
    statuses: collections.Counter[int] = collections.Counter()
    cases = 0
    start = time.monotonic()
    try:
        login = json.dumps({"query": 'mutation { initSession(username: "demo-user", password: "demo-user-password") { sessionToken refreshToken } }'}).encode()
        _, body = post(url, login, psk, args.timeout)
        tokens = json.loads(body)["data"]["initSession"]
        session, refresh = tokens["sessionToken"], tokens["refreshToken"]

        def check(label: str, status: int | None, seconds: float, query: str) -> None:
            nonlocal cases
            cases += 1
            if status is not None:
                statuses[status] += 1
            if status is None:
                failures.append(f"{label}: no answer within {args.timeout:.0f} s (hang)\n{query[:500]}")
            elif status >= 500:
                failures.append(f"{label}: HTTP {status}\n{query[:500]}")
            elif seconds > args.timeout:
                failures.append(f"{label}: answered after {seconds:.1f} s\n{query[:500]}")

        schema = graphql.from_url(url, headers={"authorization": f"Bearer {session}"})
        def fuzz(op) -> None:
            name = op.label

            @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
            @given(op.as_strategy())
            def run(case) -> None:
                bearer = psk if "initSession" in name else refresh if "refreshSession" in name else session
                if cases % 7 == 3:
                    bearer = None
                elif cases % 11 == 5:
                    bearer = "not-a-token"
                t0 = time.monotonic()
                try:
                    r = case.call(headers={"authorization": f"Bearer {bearer}"} if bearer else {}, timeout=args.timeout)
                    check(name, r.status_code, time.monotonic() - t0, str(case.body))
                except Exception as e:  # noqa: BLE001 - a timeout or a dropped connection is a finding
                    check(f"{name} ({type(e).__name__})", None, time.monotonic() - t0, str(case.body))

            run()

        for result in schema.get_all_operations():
            fuzz(result.ok())

        # Hand-made hostile requests.
        deep_selection = "{ " + "cpsPaged(pagination: {limit: 1}) { data { connectors { id } } } " + "}"
        nested = "query { " + "a { " * 5000 + "b" + " }" * 5000 + " }"
        hostile = [
            ("not JSON", b"{not json", session, "POST", "application/json"),
            ("empty body", b"", session, "POST", "application/json"),
            ("1 MB query", json.dumps({"query": "{ __typename " + "x" * 1_000_000 + " }"}).encode(), session, "POST", "application/json"),
            ("5,000-deep selection", json.dumps({"query": nested}).encode(), session, "POST", "application/json"),
            ("5,000-deep list variable", ('{"query": ' + json.dumps(deep_selection) + ', "variables": {"x": ' + "[" * 5000 + "]" * 5000 + "}}").encode(), session, "POST", "application/json"),
            ("variables of the wrong type", json.dumps({"query": "query($id: String) { cp(id: $id) { id } }", "variables": {"id": {"a": [1, 2]}}}).encode(), session, "POST", "application/json"),
            ("unknown operation name", json.dumps({"query": "query A { __typename }", "operationName": "B"}).encode(), session, "POST", "application/json"),
            ("variables not an object", json.dumps({"query": "{ __typename }", "variables": [1]}).encode(), session, "POST", "application/json"),
            ("GET", b"", session, "GET", "application/json"),
            ("form body", b"query=%7B__typename%7D", session, "POST", "application/x-www-form-urlencoded"),
        ]
        for label, body, bearer, method, ctype in hostile:
            t0 = time.monotonic()
            try:
                status, _ = post(url, body, bearer, args.timeout, method, ctype)
                check(f"hostile: {label}", status, time.monotonic() - t0, body[:200].decode(errors="replace"))
            except Exception as e:  # noqa: BLE001
                check(f"hostile: {label} ({type(e).__name__})", None, time.monotonic() - t0, body[:200].decode(errors="replace"))

        # Still alive and answering.
        status, body = post(url, json.dumps({"query": "{ __typename }"}).encode(), session, args.timeout)
        if status != 200 or server.poll() is not None:
            failures.append(f"the server no longer answers after the run (HTTP {status}, process {'gone' if server.poll() is not None else 'alive'})")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
    elapsed = time.monotonic() - start
    print(f"api fuzz: {cases} requests ({examples} generated per operation + hostile ones) in {elapsed:.1f} s; "
          f"statuses {dict(sorted(statuses.items()))}")
    for f in failures:
        print("FAIL", f)
    print("api fuzz: PASS (no 5xx, no hang, server alive)" if not failures else f"api fuzz: FAIL ({len(failures)})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
