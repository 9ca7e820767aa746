#!/usr/bin/env python3
"""GraphQL over HTTP as real tools speak it, against the sandbox (issue 14).

Starts `chargeterm sandbox serve --port 0` itself and runs three checks with code no one
here wrote:

1. introspection: graphql-core's standard introspection query with every option on
   (descriptions, specifiedByURL, directive isRepeatable, schema description, input-value
   deprecation, oneOf), `build_client_schema`, and an exact comparison with the reference
   SDL (Sources/ChargeSchema/schema.graphql): the printed, sorted schemas are equal,
   breaking and dangerous changes are empty both ways, and every directive (the built-in
   ones too) has the same locations, arguments, defaults, repeatability and description;
2. gql (PyPI) with its requests transport and `fetch_schema_from_transport=True`, so it
   validates every document against the introspected schema: signs in (PSK +
   initSession), lists the stations within 5 km, starts a session, sees it charging,
   stops it;
3. curl: the vendor's getting-started example verbatim (the document itself as the body,
   Content-Type application/json, an empty accept-language header), and the curl lines
   of the README.

Prints one line per check and `N passed, N failed`; exits non-zero on any failure.

Usage: Tests/graphql_http/run_graphql_http.py --bin PATH [--only introspection|gql|curl]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

try:
    import graphql
    from graphql import (
        build_client_schema,
        build_schema,
        find_breaking_changes,
        find_dangerous_changes,
        get_introspection_query,
        lexicographic_sort_schema,
        print_directive,
        print_schema,
    )
    from gql import Client, gql
    from gql.transport.requests import RequestsHTTPTransport
    import requests
except ImportError as e:  # pragma: no cover
    sys.exit(f"run_graphql_http.py needs gql, graphql-core and requests ({e}): python3 -m pip install -r Tests/requirements.txt")

ROOT = Path(__file__).resolve().parents[2]
REFERENCE = ROOT / "Sources" / "ChargeSchema" / "schema.graphql"
README = ROOT / "README.md"
# Salzburg's centre, where the embedded app starts (Sandbox.defaultPosition).
POSITION = (47.8095, 13.0550)
# Every option of graphql-core's standard query that the GraphQL spec defines. Left out:
# graphql-core's experimental_directive_deprecation (`__Directive.isDeprecated`, not in the
# spec, not served).
INTROSPECTION_OPTIONS = dict(descriptions=True, specified_by_url=True, directive_is_repeatable=True,
                             schema_description=True, input_value_deprecation=True, one_of=True)
# The spec's (September 2025) locations of @deprecated. graphql-core 3.3 adds
# DIRECTIVE_DEFINITION to its own copy, a location the spec's DirectiveLocation enum does not
# have; that one location, and nothing else, is taken out of the reference before comparing.
SPEC_DEPRECATED_LOCATIONS = {"FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INPUT_FIELD_DEFINITION", "ENUM_VALUE"}
NON_SPEC_LOCATIONS = {"DIRECTIVE_DEFINITION"}


class Sandbox:
    """`chargeterm sandbox serve` on a free loopback port, stopped on exit."""

    def __init__(self, binary: str) -> None:
        self.proc = subprocess.Popen(
            [os.path.abspath(binary), "sandbox", "serve", "--port", "0", "--stations", "3000", "--speed", "60"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.url = self.psk = None
        assert self.proc.stdout
        deadline = time.monotonic() + 180  # a loaded machine seeds slowly
        while time.monotonic() < deadline and not (self.url and self.psk):
            line = self.proc.stdout.readline()
            if not line:
                break
            if "GraphQL:" in line:
                self.url = line.split()[-1]
            if "PSK:" in line:
                self.psk = line.split()[-1]
        if not (self.url and self.psk):
            self.close()
            raise RuntimeError("the sandbox did not start: " + (self.proc.stderr.read() if self.proc.stderr else ""))

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def check(cond: bool, message: str) -> None:
    if not cond:
        raise AssertionError(message)


# --------------------------------------------------------------------------- 1. introspection

def directive_signature(d: graphql.GraphQLDirective, drop_locations: set[str] = frozenset()) -> str:
    """The directive as SDL (description, arguments with types, defaults and descriptions,
    repeatable, locations in a fixed order), so any difference shows as text."""
    locations = sorted(loc.name for loc in d.locations if loc.name not in drop_locations)
    copy = graphql.GraphQLDirective(d.name, locations=[graphql.DirectiveLocation[name] for name in locations],
                                    args=d.args, is_repeatable=d.is_repeatable, description=d.description)
    return print_directive(copy)


def test_introspection(sb: Sandbox) -> str:
    query = get_introspection_query(**INTROSPECTION_OPTIONS)
    r = requests.post(sb.url, json={"query": query, "operationName": "IntrospectionQuery"}, timeout=60)
    check(r.status_code == 200, f"HTTP {r.status_code}: {r.text[:500]}")
    body = r.json()
    check("errors" not in body, f"the introspection query failed: {body.get('errors')}")
    served = build_client_schema(body["data"])
    reference = build_schema(REFERENCE.read_text())

    printed_served = print_schema(lexicographic_sort_schema(served))
    printed_reference = print_schema(lexicographic_sort_schema(reference))
    if printed_served != printed_reference:
        import difflib
        diff = "\n".join(difflib.unified_diff(printed_reference.splitlines(), printed_served.splitlines(), "reference", "served", lineterm=""))
        raise AssertionError("the served schema differs from the reference:\n" + diff[:4000])
    # The one expected difference: graphql-core's non-spec location on its @deprecated.
    expected = {f"{loc} was removed from @deprecated." for loc in NON_SPEC_LOCATIONS}
    for name, a, b in (("served → reference", served, reference), ("reference → served", reference, served)):
        breaking = [c for c in find_breaking_changes(a, b)
                    if not (a is reference and c.type == graphql.BreakingChangeType.DIRECTIVE_LOCATION_REMOVED and c.description in expected)]
        dangerous = find_dangerous_changes(a, b)
        check(not breaking and not dangerous, f"{name}: breaking {[c.description for c in breaking]}, dangerous {[c.description for c in dangerous]}")

    # print_schema leaves the built-in directives out, so compare every directive itself.
    served_directives = {d.name: d for d in served.directives}
    reference_directives = {d.name: d for d in reference.directives}
    check(set(served_directives) == set(reference_directives),
          f"directives: served {sorted(served_directives)}, reference {sorted(reference_directives)}")
    deprecated = {loc.name for loc in served_directives["deprecated"].locations}
    check(deprecated == SPEC_DEPRECATED_LOCATIONS, f"@deprecated locations {sorted(deprecated)}, the spec says {sorted(SPEC_DEPRECATED_LOCATIONS)}")
    for name, ref in reference_directives.items():
        expected = directive_signature(ref, drop_locations=NON_SPEC_LOCATIONS)
        got = directive_signature(served_directives[name])
        check(got == expected, f"directive @{name} differs:\nserved:\n{got}\nreference:\n{expected}")
    check(body["data"]["__schema"].get("description") is None, "the schema has a description the reference does not have")
    types = len([t for t in served.type_map if not t.startswith("__")])
    return f"{types} types and {len(served_directives)} directives equal the reference"


# --------------------------------------------------------------------------- 2. gql

SIGN_IN = gql("""
mutation SignIn($username: String, $password: String) {
  initSession(username: $username, password: $password) { sessionToken refreshToken }
}""")
STATIONS = gql("""
query Nearby($filter: CpFilter, $pagination: PaginationFilter) {
  cpsPaged(filter: $filter, pagination: $pagination) {
    data { id label distance isRoaming connectors { id status plugType maxPower } }
    pagination { totalCount }
  }
}""")
CARDS = gql("""query Cards($connectorId: String) { availableCardsForChargingProcess(connectorId: $connectorId) { id tagId } }""")
START = gql("""
mutation Start($input: AttemptRemoteStartInput) { attemptRemoteStart(input: $input) { id status message } }""")
ATTEMPT = gql("""query Attempt($id: String) { remoteStartAttemptStatus(id: $id) { id status chargelogId message } }""")
CHARGELOG = gql("""query Log($id: String) { chargelog(id: $id) { id status energyConsumption dateEnd } }""")
STOP = gql("""mutation Stop($transaction: String) { remoteStop(transaction: $transaction) { status code message } }""")


def wait_for(what: str, poll, done, timeout: float = 120.0):
    deadline = time.monotonic() + timeout
    while True:
        value = poll()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: still {value!r} after {timeout:.0f} s")
        time.sleep(0.3)


def test_gql(sb: Sandbox) -> str:
    transport = RequestsHTTPTransport(url=sb.url, headers={"Authorization": f"Bearer {sb.psk}", "Accept-Language": "en"}, timeout=60, retries=0)
    # The client fetches the schema by introspection (with input-value deprecation, as
    # GraphiQL and Apollo ask) and validates every document against it before sending.
    client = Client(transport=transport, fetch_schema_from_transport=True, introspection_args={k: v for k, v in INTROSPECTION_OPTIONS.items() if k != "one_of"},  # gql 4.4 has no one_of
                    execute_timeout=60)
    with client as session:
        check(client.schema is not None and client.schema.get_type("CpFilter") is not None, "gql did not load the schema")
        # Validation is the client's own: an unknown field never reaches the server.
        try:
            session.execute(gql("query { cpsPaged { data { noSuchField } } }"))
            raise AssertionError("gql sent a document its schema does not allow")
        except graphql.GraphQLError as e:
            check("noSuchField" in str(e), f"unexpected validation message: {e}")

        tokens = session.execute(SIGN_IN, variable_values={"username": "demo-user", "password": "demo-user-password"})["initSession"]
        check(bool(tokens["sessionToken"]) and bool(tokens["refreshToken"]), f"initSession answered {tokens}")
        transport.headers["Authorization"] = f"Bearer {tokens['sessionToken']}"

        page = session.execute(STATIONS, variable_values={
            "filter": {"latitude": POSITION[0], "longitude": POSITION[1], "radius": 5},
            "pagination": {"limit": 100, "offset": 0}})["cpsPaged"]
        stations = page["data"]
        check(len(stations) > 0 and page["pagination"]["totalCount"] >= len(stations), f"no stations within 5 km: {page['pagination']}")
        distances = [s["distance"] for s in stations]
        check(all(d <= 5.0 for d in distances), f"a station beyond 5 km: {max(distances)}")
        check(distances == sorted(distances), "stations are not nearest first")

        connector = next((c for s in stations if not s["isRoaming"] for c in s["connectors"] if c["status"] == "Available"), None)
        check(connector is not None, "no Available connector on a non-roaming station within 5 km")
        cards = session.execute(CARDS, variable_values={"connectorId": connector["id"]})["availableCardsForChargingProcess"]
        check(bool(cards), "the demo user has no card for that connector")
        attempt = session.execute(START, variable_values={"input": {"connectorId": connector["id"], "tagId": cards[0]["tagId"]}})["attemptRemoteStart"]
        check(attempt["status"] == "pending", f"attemptRemoteStart answered {attempt}")
        attached = wait_for("the start attempt",
                            lambda: session.execute(ATTEMPT, variable_values={"id": attempt["id"]})["remoteStartAttemptStatus"],
                            lambda a: a["status"] in ("charge_log_attached", "failed"))
        check(attached["status"] == "charge_log_attached", f"the start failed: {attached}")
        log_id = attached["chargelogId"]
        running = wait_for("charging", lambda: session.execute(CHARGELOG, variable_values={"id": log_id})["chargelog"],
                           lambda c: c["status"] == "started" and (c["energyConsumption"] or 0) > 0)
        stop = session.execute(STOP, variable_values={"transaction": log_id})["remoteStop"]
        check(stop["status"] == "success", f"remoteStop answered {stop}")
        stopped = wait_for("the stop", lambda: session.execute(CHARGELOG, variable_values={"id": log_id})["chargelog"],
                           lambda c: c["status"] == "stopped")
        check(stopped["dateEnd"] is not None, f"a stopped session without an end: {stopped}")
    return (f"{len(stations)} stations within 5 km (nearest {distances[0]:.2f} km), charged {running['energyConsumption']:.3f} kWh "
            f"on {connector['plugType']} {connector['id'][:8]}…, stopped")


# --------------------------------------------------------------------------- 3. curl

def run_shell(command: str) -> tuple[int, str]:
    p = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout + p.stderr


def test_curl(sb: Sandbox) -> str:
    # The vendor's getting-started example, verbatim but for the tenant's URL, its PSK and
    # the user: the document itself as the body, sent as application/json, and an empty
    # accept-language header.
    vendor = (f"curl '{sb.url}' "
              f"-H 'accept-language: ' "
              f"-H 'authorization: Bearer {sb.psk}' "
              f"-H 'content-type: application/json' "
              """--data-raw 'mutation{ initSession(username: "demo-user", password: "demo-user-password") { sessionToken refreshToken } }'""")
    code, out = run_shell(vendor + " --silent --show-error --fail-with-body")
    check(code == 0 and '"sessionToken":"' in out.replace(" ", ""), f"the vendor's example failed (exit {code}): {out[:500]}")

    # The README's curl lines, as a user copies them (its port and PSK replaced by this sandbox's).
    lines = [l.strip() for l in README.read_text().splitlines() if l.strip().startswith("curl ")]
    check(len(lines) >= 2, "the README shows no curl lines for the sandbox")
    for line in lines:
        command = line.replace("http://127.0.0.1:4000/graphql/", sb.url).replace("sandbox-psk-0000", sb.psk)
        code, out = run_shell(command + " --silent --show-error --fail-with-body")
        check(code == 0 and '"errors"' not in out and '"data"' in out, f"README line failed (exit {code}): {line}\n{out[:500]}")
    return f"the vendor's example and {len(lines)} README lines answered"


TESTS = {"introspection": test_introspection, "gql": test_gql, "curl": test_curl}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--only", choices=sorted(TESTS), action="append")
    args = ap.parse_args()
    print(f"graphql-core {graphql.__version__}, gql {__import__('gql').__version__}")
    sb = Sandbox(args.bin)
    passed = failed = 0
    try:
        for name in args.only or list(TESTS):
            t0 = time.monotonic()
            try:
                detail = TESTS[name](sb)
                passed += 1
                print(f"PASS {name} ({time.monotonic() - t0:.1f} s): {detail}")
            except Exception as e:  # noqa: BLE001 - every failure is reported, the rest still run
                failed += 1
                print(f"FAIL {name} ({time.monotonic() - t0:.1f} s): {e}")
                if not isinstance(e, AssertionError):
                    traceback.print_exc()
    finally:
        sb.close()
    print(f"graphql_http: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
