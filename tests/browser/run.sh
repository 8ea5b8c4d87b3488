#!/bin/sh
# run.sh OGAS: the dashboard in a real browser. Builds a store with demo data (a balance, an adopted plan, a
# budget, a simulation, an open election), starts `ogas serve` on a free loopback port, and runs
# dashboard.mjs (playwright-core driving Debian's chromium headless): the pages must show the stored
# numbers and draw their charts, and a member casts a ballot with a token. Screenshots go to
# build/screenshots/. Needs node, npm (for playwright-core, installed into web/node_modules by npm ci) and
# chromium; scripts/deps.sh installs chromium. Run from the repository root.
set -u
OGAS=${1:?usage: run.sh path/to/ogas}
PY=/usr/bin/python3
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ogas-browser.XXXXXX") || exit 1
SHOTS=${OGAS_SCREENSHOTS:-build/screenshots}
DB="$TMP/demo.db"
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$TMP"' EXIT

fail() {
    echo "FAIL $*" >&2
    exit 1
}
for tool in node npm; do command -v $tool >/dev/null || fail "browser test: $tool is missing (Debian: nodejs, npm)"; done
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || fail "browser test: chromium is missing (Debian: chromium)"

# playwright-core and chart.js as package-lock.json pins them; the vendored Chart.js must be that one
if [ ! -d web/node_modules/playwright-core ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    (cd web && npm ci --no-audit --no-fund --loglevel=error) >"$TMP/npm.log" 2>&1 || fail "npm ci in web/: $(tail -5 "$TMP/npm.log")"
fi
cmp -s web/node_modules/chart.js/dist/chart.umd.min.js web/vendor/chart.umd.min.js \
    || fail "web/vendor/chart.umd.min.js is not the Chart.js that web/package-lock.json pins"
echo "ok vendored Chart.js is the pinned one"

# the demo data
"$OGAS" db init "$DB" >/dev/null || fail "db init"
"$OGAS" leontief examples/io/uk2010_ons/iot_domestic_pxp_basic.csv --db "$DB" --as ons --quiet >/dev/null 2>&1 || fail "leontief"
"$OGAS" plan examples/plan/random5y/n40_1 --db "$DB" --as planning-office --quiet >/dev/null 2>&1 || fail "plan"
"$OGAS" budget examples/pb/Poland_Swiecie_2023.pb --db "$DB" --as swiecie >/dev/null 2>&1 || fail "budget"
"$OGAS" simulate examples/scenarios/famine.scenario --households 2000 --months 36 --db "$DB" >/dev/null 2>&1 || fail "simulate"
"$OGAS" db adopt "$DB" 2 --as delegate-ann >/dev/null || fail "adopt"
at="--at 2026-11-29T10:00:00Z --by clerk"
{ "$OGAS" council create "$DB" D1 --name "Tram district" $at && "$OGAS" council create "$DB" W1 --name "Tram depot" --parent D1 $at &&
  "$OGAS" council add-member "$DB" W1 worker-bo --name Bo $at && "$OGAS" council add-member "$DB" W1 ann --name Ann $at &&
  "$OGAS" council elect "$DB" W1 --vote worker-bo=ann,ann=ann $at; } >/dev/null 2>&1 || fail "councils"
delegate=$("$OGAS" token issue "$DB" --holder delegate-ann --role delegate --may decide,adopt 2>/dev/null | tail -1) || fail "token issue delegate"
member=$("$OGAS" token issue "$DB" --holder worker-bo --role member --may ballot 2>/dev/null | tail -1) || fail "token issue member"

"$OGAS" serve --db "$DB" --port 0 --web web --quiet >"$TMP/serve.out" 2>"$TMP/serve.err" &
pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(cat "$TMP/serve.out" "$TMP/serve.err" | sed -n 's/.*listening on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' | head -1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || fail "ogas serve did not say where it listens: $(cat "$TMP/serve.out" "$TMP/serve.err")"
URL="http://127.0.0.1:$port"

# an open election, opened by the delegate through the API; what the pages must show
$PY - "$URL" "$delegate" "$DB" "$OGAS" "$TMP/expected.json" <<'PY' || fail "preparing the election and the expected numbers"
import json, subprocess, sys, urllib.request
url, token, db, ogas, out = sys.argv[1:]
body = {"name": "Tram depot 2027", "budget": 100000, "rule": "equalshares",
        "projects": [{"id": "p1", "name": "Heated shelters", "cost": 40000},
                     {"id": "p2", "name": "Canteen", "cost": 50000},
                     {"id": "p3", "name": "Night buses", "cost": 30000}]}
rq = urllib.request.Request(url + "/api/elections", data=json.dumps(body).encode(), method="POST",
                            headers={"Content-Type": "application/json", "Authorization": "Bearer " + token})
json.load(urllib.request.urlopen(rq))
show = lambda run: json.loads(subprocess.check_output([ogas, "db", "show", db, str(run), "--json"]))
series = lambda run, s: [v for v in run["values"] if v["series"] == s]
balance, plan, budget, sim = show(1), show(2), show(3), show(4)
lv = series(balance, "labour_value")
summ = lambda r: {v["label"]: v["value"] for v in series(sim, r + ".summary")}
records = len(json.loads(subprocess.check_output([ogas, "db", "log", db, "--json"])))
json.dump({"phi": [v["value"] for v in series(plan, "phi")], "products": len(lv), "value_code": lv[5]["label"],
           "value": lv[5]["value"], "selected": [v["label"] for v in series(budget, "selected")],
           "first_cost": series(budget, "selected")[0]["value"],
           "queue_administered": summ("administered")["mean_queue_length"],
           "queue_feedback": summ("feedback")["mean_queue_length"], "records": records, "election_projects": 3},
          open(out, "w"))
PY
node tests/browser/dashboard.mjs "$URL/" "$TMP/expected.json" "$member" "$SHOTS" || fail "dashboard: see above"
"$OGAS" verify "$DB" >"$TMP/verify" 2>&1 || fail "verify after the browser test: $(cat "$TMP/verify")"
echo "ok browser (screenshots in $SHOTS)"
