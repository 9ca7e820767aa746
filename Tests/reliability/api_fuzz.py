#!/usr/bin/env python3
"""API fuzzing: schemathesis against the sandbox's GraphQL endpoint, plus hostile requests.

Starts `chargeterm sandbox serve` on loopback, signs in (initSession with the PSK as
bearer), loads the schema by introspection with schemathesis (PyPI) and, for every query
and mutation, sends `--max-examples` generated operations (random arguments and
selections) with the right bearer for the operation (PSK for initSession, the refresh
token for refreshSession, the session token otherwise; sometimes none or a wrong one).
Then a handful of hand-made hostile requests: not JSON, a 1 MB query, 5,000-deep
selections and lists, wrong variable types, an unknown operation name, GET, an empty body.

Checks: no answer is a 5xx, no answer carries the error code INTERNAL_SERVER_ERROR (a
resolver error without a code: the sandbox answers those with HTTP 200), none takes longer
than `--slow` (about 1 s; `--timeout` is when a request counts as a hang), and the server
still answers a plain query at the end. Prints cases, statuses seen and time; exits non-zero
on any failure, printing the query that caused it.

Usage: Tests/reliability/api_fuzz.py --bin PATH [--max-examples 30] [--smoke] [--slow 1.0]
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from harness import SandboxDidNotStart, start_sandbox  # noqa: E402 - Tests/harness.py

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


def internal_error_codes(body: bytes) -> list[str]:
    """The `extensions.code` of every error in a GraphQL answer that is INTERNAL_SERVER_ERROR.

    The sandbox turns a resolver error without a code into that code with HTTP 200, so a
    status check alone does not see a crashed resolver.
    """
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return []
    errors = doc.get("errors") if isinstance(doc, dict) else None
    found = []
    for e in errors if isinstance(errors, list) else []:
        ext = e.get("extensions") if isinstance(e, dict) else None
        code = ext.get("code") if isinstance(ext, dict) else None
        if code == "INTERNAL_SERVER_ERROR":
            message = e.get("message") if isinstance(e, dict) else None
            found.append(f"{code}: {message}")
    return found


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--max-examples", type=int, default=30)
    ap.add_argument("--smoke", action="store_true", help="5 examples per operation (CI)")
    ap.add_argument("--timeout", type=float, default=10, help="seconds after which a request counts as a hang")
    ap.add_argument("--slow", type=float, default=1.0, help="slowest answer allowed, seconds")
    args = ap.parse_args()
    examples = 5 if args.smoke else args.max_examples
    try:
        sandbox = start_sandbox(args.bin, "--stations", "500")
    except SandboxDidNotStart as e:
        print(f"api_fuzz: {e}")
        return 2
    server, url, psk = sandbox.process, sandbox.url, sandbox.psk
    failures: list[str] = []
    statuses: collections.Counter[int] = collections.Counter()
    cases = 0
    start = time.monotonic()
    try:
        login = json.dumps({"query": 'mutation { initSession(username: "demo-user", password: "demo-user-password") { sessionToken refreshToken } }'}).encode()
        _, body = post(url, login, psk, args.timeout)
        tokens = json.loads(body)["data"]["initSession"]
        session, refresh = tokens["sessionToken"], tokens["refreshToken"]

        def check(label: str, status: int | None, seconds: float, query: str, body: bytes = b"") -> None:
            nonlocal cases
            cases += 1
            if status is not None:
                statuses[status] += 1
            if status is None:
                failures.append(f"{label}: no answer within {args.timeout:.0f} s (hang)\n{query[:500]}")
            elif status >= 500:
                failures.append(f"{label}: HTTP {status}\n{query[:500]}")
            elif internal := internal_error_codes(body):
                failures.append(f"{label}: HTTP {status} with {'; '.join(internal)}\n{query[:500]}")
            elif seconds > args.slow:
                failures.append(f"{label}: answered after {seconds:.2f} s (allowed {args.slow:.1f} s)\n{query[:500]}")

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
                    check(name, r.status_code, time.monotonic() - t0, str(case.body), r.content)
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
                status, answer = post(url, body, bearer, args.timeout, method, ctype)
                check(f"hostile: {label}", status, time.monotonic() - t0, body[:200].decode(errors="replace"), answer)
            except Exception as e:  # noqa: BLE001
                check(f"hostile: {label} ({type(e).__name__})", None, time.monotonic() - t0, body[:200].decode(errors="replace"))

        # Still alive and answering.
        status, body = post(url, json.dumps({"query": "{ __typename }"}).encode(), session, args.timeout)
        if status != 200 or server.poll() is not None:
            failures.append(f"the server no longer answers after the run (HTTP {status}, process {'gone' if server.poll() is not None else 'alive'})")
    finally:
        sandbox.stop()
    elapsed = time.monotonic() - start
    print(f"api fuzz: {cases} requests ({examples} generated per operation + hostile ones) in {elapsed:.1f} s; "
          f"statuses {dict(sorted(statuses.items()))}")
    for f in failures:
        print("FAIL", f)
    print(f"api fuzz: PASS (no 5xx, no INTERNAL_SERVER_ERROR, every answer within {args.slow:.1f} s, server alive)" if not failures else f"api fuzz: FAIL ({len(failures)})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
