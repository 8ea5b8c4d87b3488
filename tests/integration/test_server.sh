#!/bin/sh
# test_server.sh OGAS: `ogas serve` through its real socket. Builds a fresh store with the CLI (a balance,
# a plan, a budget), a council registry kept in the store, and tokens; starts the server on a free loopback port (--port 0,
# the port read from its log); drives it with Python's urllib: the OpenAPI document, the read endpoints
# against `ogas db show --json`, refusals (401, 403, 400, 404, 405, 409, 413), an election opened, voted,
# decided, a plan adopted, a delegate recalled, a verification job; stops it; then `ogas verify` passes,
# and after a stored number is changed with Python's sqlite3 it fails and names the number. Run from the
# repository root. Prints "ok ..." lines; exits non-zero on the first failure.
set -u
OGAS=${1:?usage: test_server.sh path/to/ogas}
PY=/usr/bin/python3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ogas-server.XXXXXX") || exit 1
PID=
cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
fail() {
    echo "FAIL $*" >&2
    [ -f "$TMP/serve.log" ] && sed 's/^/    serve: /' "$TMP/serve.log" | tail -20 >&2
    exit 1
}
DB="$TMP/store.db"
R="$DB" # the council registry kept in the store

# A store with a balance (run 1), a plan (run 2) and a budget (run 3).
"$OGAS" db init "$DB" >/dev/null || fail "db init"
"$OGAS" leontief examples/io/eurostat_small/germany_1995_siot_6sector.csv --db "$DB" --quiet >/dev/null 2>&1 || fail "leontief --db"
"$OGAS" plan examples/plan/random5y/n10_1 --db "$DB" --quiet >/dev/null 2>&1 || fail "plan --db"
"$OGAS" budget examples/pb/Poland_Swiecie_2023.pb --db "$DB" >/dev/null 2>&1 || fail "budget --db"
for id in 1 2 3; do "$OGAS" db show "$DB" $id --json >"$TMP/show$id.json" || fail "db show $id"; done
"$OGAS" db runs "$DB" --json >"$TMP/runs.json" || fail "db runs"
echo "ok store with 3 runs"

# A registry: W1 (ann, bob, carl) sends bob to D1.
at="--at 2026-01-05T10:00:00Z --by clerk"
{ "$OGAS" council create "$R" N --name Nation $at &&
  "$OGAS" council create "$R" D1 --name District --parent N $at &&
  "$OGAS" council create "$R" W1 --name Steelworks --parent D1 $at &&
  "$OGAS" council add-member "$R" W1 ann --name Ann $at && "$OGAS" council add-member "$R" W1 bob --name Bob $at &&
  "$OGAS" council add-member "$R" W1 carl --name Carl $at &&
  "$OGAS" council elect "$R" W1 --vote ann=bob,bob=bob,carl=ann $at; } >/dev/null 2>&1 || fail "registry"
echo "ok registry"

# Tokens: printed once, 64 hex digits.
for m in ann bob carl; do
    "$OGAS" token issue "$DB" --holder $m --role member --council W1 >"$TMP/tok.$m" 2>/dev/null || fail "token issue $m"
done
"$OGAS" token issue "$DB" --holder dee --role delegate --may adopt,decide,propose >"$TMP/tok.dee" 2>/dev/null || fail "token issue dee"
grep -Eq '^[0-9a-f]{64}$' "$TMP/tok.ann" || fail "token format: $(cat "$TMP/tok.ann")"
"$OGAS" token list "$DB" >"$TMP/tokens.txt" || fail "token list"
if grep -q "$(cat "$TMP/tok.ann")" "$TMP/tokens.txt"; then fail "token list shows a token"; fi
"$OGAS" token issue "$DB" --holder zed --role member >/dev/null 2>&1 && "$OGAS" token revoke "$DB" --holder zed >/dev/null ||
    fail "token revoke"
echo "ok tokens"

# The server on a free port.
"$OGAS" serve --db "$DB" --port 0 --rate 0 --threads 2 2>"$TMP/serve.log" &
PID=$!
port=
for _ in $(seq 1 100); do
    port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$TMP/serve.log")
    [ -n "$port" ] && break
    kill -0 "$PID" 2>/dev/null || fail "the server did not start"
    sleep 0.1
done
[ -n "$port" ] || fail "no port in the server's log"
echo "ok listening on $port"

"$PY" - "$port" "$TMP" <<'PY' || fail "API"
import json, sys, time, urllib.error, urllib.request

port, tmp = sys.argv[1], sys.argv[2]
base = "http://127.0.0.1:%s" % port
tok = {m: open("%s/tok.%s" % (tmp, m)).read().strip() for m in ("ann", "bob", "carl", "dee")}

def call(method, path, token=None, body=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(base + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()

def js(method, path, token=None, body=None, want=200):
    st, hd, data = call(method, path, token, body)
    assert st == want, "%s %s: %d (wanted %d): %s" % (method, path, st, want, data[:300])
    if want < 300 or "json" in hd.get("Content-Type", ""):
        return json.loads(data)
    return data

def ok(msg):
    print("ok " + msg)

doc = js("GET", "/api/openapi.json")
assert doc["openapi"].startswith("3.") and len(doc["paths"]) >= 20, list(doc["paths"])
assert "security" in doc["paths"]["/api/elections/{id}/ballots"]["post"]
ok("openapi: %d paths" % len(doc["paths"]))

# Read endpoints give the numbers the CLI stored.
runs = js("GET", "/api/runs")
cli_runs = json.load(open(tmp + "/runs.json"))
assert [(r["id"], r["kind"], r["name"], r["audit_seq"]) for r in runs] == \
       [(r["id"], r["kind"], r["name"], r["audit_seq"]) for r in cli_runs], (runs, cli_runs)
assert [r["id"] for r in js("GET", "/api/plans")] == [2]
assert [r["id"] for r in js("GET", "/api/economies")] == [1]
assert [r["id"] for r in js("GET", "/api/budgets")] == [3]
assert js("GET", "/api/simulations") == []
for i in (1, 2, 3):
    api = js("GET", "/api/runs/%d" % i)
    cli = json.load(open("%s/show%d.json" % (tmp, i)))
    key = lambda v: (v["series"], v["idx"])
    a = sorted(api["values"], key=key)
    c = sorted(cli["values"], key=key)
    assert [(v["series"], v["idx"], v["label"]) for v in a] == [(v["series"], v["idx"], v["label"]) for v in c]
    assert all(x["value"] == y["value"] for x, y in zip(a, c)), i
    assert [(f["role"], f["sha256"], f["bytes"]) for f in api["files"]] == [(f["role"], f["sha256"], f["bytes"]) for f in cli["files"]]
ok("runs equal to db show --json")
phi = js("GET", "/api/runs/2?series=phi")["values"]
assert len(phi) == 5 and all(v["series"] == "phi" for v in phi)
plan = js("GET", "/api/plans/2")
cli = {(v["series"], v["idx"]): v["value"] for v in json.load(open(tmp + "/show2.json"))["values"]}
assert [y["phi"] for y in plan["years"]] == [cli[("phi", y)] for y in range(5)]
n = len(plan["products"])
assert n == 10, n
for i, p in enumerate(plan["products"]):
    assert p["gross"] == [cli[("gross", y * n + i)] for y in range(5)], p["code"]
econ = js("GET", "/api/economies/1")
cli = {(v["series"], v["idx"]): v["value"] for v in json.load(open(tmp + "/show1.json"))["values"]}
assert [p["multiplier"] for p in econ["products"]] == [cli[("multiplier", i)] for i in range(len(econ["products"]))]
bud = js("GET", "/api/budgets/3")
sel = [p["id"] for p in sorted((p for p in bud["projects"] if p["selected"]), key=lambda p: p["order"])]
assert sel == bud["selected"] and len(sel) == 17 and bud["budget"] == 1070000, bud["selected"]
assert sum(p["cost"] for p in bud["projects"] if p["selected"]) == bud["cost"]
ok("plan, economy and budget arranged")
audit = js("GET", "/api/audit?from=2&limit=2")
assert [r["seq"] for r in audit] == [2, 3] and audit[1]["prev_hash"] == audit[0]["hash"]
v = js("GET", "/api/verify")
assert v["ok"] and v["runs"] == 3 and v["problems"] == [], v
c = js("GET", "/api/councils")
w1 = [x for x in c["councils"] if x["id"] == "W1"][0]
assert w1["seats"][0]["delegate"] == "bob" and w1["seats"][0]["recall"]["needed"] == 2, w1
ok("audit, verify, councils")

# Refusals.
js("POST", "/api/plans/2/adopt", want=401)
js("POST", "/api/plans/2/adopt", token="0" * 64, want=401)
js("POST", "/api/plans/2/adopt", token=tok["ann"], want=403)
e = js("POST", "/api/elections", tok["dee"], {"name": "Parks", "budget": "lots", "rule": "greedy"}, want=400)
assert e["field"] == "budget", e
st, hd, data = call("POST", "/api/elections", tok["dee"], raw=b'{"name": "x",')
assert st == 400 and json.loads(data)["error"] == "invalid_input", data
js("GET", "/api/nothing", want=404)
st, hd, data = call("DELETE", "/api/runs/1")
assert st == 405 and "GET" in hd.get("Allow", ""), (st, dict(hd))
st, hd, data = call("POST", "/api/elections", tok["dee"], raw=b"{" + b" " * (1 << 20) + b"}")
assert st == 413, st
ok("401, 403, 400, 404, 405, 413")

# An election: opened, voted, decided.
el = js("POST", "/api/elections", tok["dee"], {"name": "Parks 2027", "budget": 100, "rule": "equalshares/add1",
        "projects": [{"id": "p1", "name": "Park", "cost": 60}, {"id": "p2", "name": "Pool", "cost": 50}]}, want=201)
eid = el["id"]
js("POST", "/api/elections/%d/projects" % eid, tok["ann"], {"id": "p3", "name": "Tram stop", "cost": 40}, want=201)
js("POST", "/api/elections/%d/ballots" % eid, tok["ann"], {"approvals": ["p1", "p3"]}, want=201)
js("POST", "/api/elections/%d/ballots" % eid, tok["bob"], {"approvals": ["p2"]}, want=201)
js("POST", "/api/elections/%d/ballots" % eid, tok["carl"], {"approvals": ["p3", "p2"]}, want=201)
e = js("POST", "/api/elections/%d/ballots" % eid, tok["ann"], {"approvals": ["p2"]}, want=409)
assert e["error"] == "conflict"
js("POST", "/api/elections/%d/ballots" % eid, tok["dee"], {"approvals": ["p2"]}, want=403)
info = js("GET", "/api/elections/%d" % eid)
assert info["ballots"] == 3 and info["status"] == "open" and len(info["projects"]) == 3, info
d = js("POST", "/api/elections/%d/decide" % eid, tok["dee"])
assert d["budget_run"] == 4 and d["selected"], d
js("POST", "/api/elections/%d/decide" % eid, tok["dee"], want=409)
b = js("GET", "/api/budgets/4")
assert b["rule"] == "equalshares/add1" and b["selected"] == d["selected"], b
assert js("GET", "/api/elections")[0]["status"] == "decided"
ok("election %d decided: %s" % (eid, ",".join(d["selected"])))

a = js("POST", "/api/plans/2/adopt", tok["dee"])
assert a["adopted_by"] == "dee"
assert js("GET", "/api/runs/2")["adopted"] is True
js("POST", "/api/plans/2/adopt", tok["dee"], want=409)
ok("plan adopted")

r = js("POST", "/api/councils/W1/recall", tok["ann"], {"delegate": "bob"})
assert r["signatures"] == 1 and r["needed"] == 2 and not r["recalled"], r
js("POST", "/api/councils/W1/recall", tok["ann"], {"delegate": "bob"}, want=409)
r = js("POST", "/api/councils/W1/recall", tok["carl"], {"delegate": "bob"})
assert r["recalled"] and r["recall_audit_seq"], r
w1 = [x for x in js("GET", "/api/councils")["councils"] if x["id"] == "W1"][0]
assert w1["seats"][0]["delegate"] is None, w1
ok("bob recalled")

def wait(j):
    for _ in range(600):
        j = js("GET", "/api/jobs/%d" % j["id"])
        if j["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
    return j

# plans computed by jobs: the stored plan again by PDLP, and a plan from the stored balance's table
js("POST", "/api/jobs/plan", tok["ann"], {"from": 2}, want=403)
e = js("POST", "/api/jobs/plan", tok["dee"], {"from": 2, "method": "simplex"}, want=400)
assert e["field"] == "method", e
p = wait(js("POST", "/api/jobs/plan", tok["dee"], {"from": 2, "method": "pdlp", "gap": 1e-6}, want=202))
assert p["status"] == "done" and p["kind"] == "plan" and p["result"]["run"] == 5, p
lp = js("GET", "/api/plans/2")["objective"]
assert abs(p["result"]["objective"] - lp) <= 1e-4 * abs(lp), (p, lp)
# the 6-sector Eurostat table has no fixed capital formation to make capital from: a clean failure
t = wait(js("POST", "/api/jobs/plan", tok["dee"], {"from": 1, "years": 3}, want=202))
assert t["status"] == "failed" and "gross fixed capital formation" in t["result"]["message"], t
f = wait(js("POST", "/api/jobs/plan", tok["dee"], {"from": 4}, want=202))
assert f["status"] == "failed" and "budget" in f["result"]["message"], f
runs = js("GET", "/api/runs")
assert runs[4]["kind"] == "plan" and runs[4]["actor"] == "dee" and "method=pdlp" in js("GET", "/api/runs/5")["args"], runs
ok("plan jobs: pdlp %.9g vs lp %.9g; failures reported" % (p["result"]["objective"], lp))

j = wait(js("POST", "/api/jobs/verify", want=202))
assert j["status"] == "done" and j["result"]["ok"] and j["result"]["recomputed"] == 5, j
ok("verification job: %d runs recomputed" % j["result"]["recomputed"])

actions = [x["action"] for x in js("GET", "/api/audit?limit=1000")]
for want in ("election opened", "project proposed", "ballot cast", "election decided", "plan adopted",
             "recall signed", "delegate recalled", "token issued", "token revoked"):
    assert want in actions, (want, actions)
ok("every decision in the audit log")
PY
echo "ok API"
grep -q "refused 401" "$TMP/serve.log" || fail "refusals are not logged"

kill "$PID" && wait "$PID" 2>/dev/null
PID=
"$OGAS" council events "$R" --council W1 >"$TMP/w1.txt" || fail "council events"
grep -q "recall bob from W1" "$TMP/w1.txt" || fail "the store's registry holds no recall: $(cat "$TMP/w1.txt")"
"$OGAS" verify "$DB" >"$TMP/verify.txt" 2>&1 || fail "verify after the server: $(cat "$TMP/verify.txt")"
echo "ok ogas verify passes"

# A stored number changed behind the store's back is found and named.
"$PY" - "$DB" <<'PY' || fail "tamper"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("UPDATE run_values SET value = value * 1.5 WHERE run_id = 1 AND series = 'multiplier' AND idx = 2").rowcount
assert n == 1
db.commit()
PY
"$OGAS" verify "$DB" >"$TMP/verify.txt" 2>&1 && fail "verify passed a tampered store"
grep -q "multiplier\[2\]" "$TMP/verify.txt" || fail "verify does not name the number: $(cat "$TMP/verify.txt")"
echo "ok tampering named: $(grep -m1 'multiplier\[2\]' "$TMP/verify.txt" | sed 's/^ *//')"

# A ballot changed behind the store's back is found and named.
"$PY" - "$DB" <<'PY' || fail "tamper a ballot"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("UPDATE ballots SET approvals = approvals || ',forged' WHERE rowid = (SELECT MIN(rowid) FROM ballots)").rowcount
assert n == 1
db.commit()
PY
"$OGAS" verify "$DB" --no-recompute >"$TMP/verify.txt" 2>&1 && fail "verify passed a tampered ballot"
grep -q "the ballot of .* differs from the one audit record .* recorded" "$TMP/verify.txt" || fail "verify does not name the ballot: $(cat "$TMP/verify.txt")"
echo "ok tampered ballot named: $(grep -m1 'the ballot of' "$TMP/verify.txt" | sed 's/^ *//')"

# A project's cost changed behind the store's back is found and named.
"$PY" - "$DB" <<'PY' || fail "tamper a project"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("UPDATE election_projects SET cost = cost + 1 WHERE rowid = (SELECT MIN(rowid) FROM election_projects)").rowcount
assert n == 1
db.commit()
PY
"$OGAS" verify "$DB" --no-recompute >"$TMP/verify.txt" 2>&1 && fail "verify passed a tampered project"
grep -q "election 1 .* or the projects it opened with differ" "$TMP/verify.txt" || fail "verify does not name the election: $(cat "$TMP/verify.txt")"
echo "ok tampered project named"
