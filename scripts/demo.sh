#!/bin/sh
# The main job on bundled data: balance the UK economy of 2010 (ONS, 127 products) and show what a
# planner wants to see first; then the same for Great Britain 2014 from WIOD, where hours worked are
# known, so that labour values are in hours. Usage: scripts/demo.sh build/ogas
set -e
OGAS=${1:-build/ogas}
DB=${OGAS_DEMO_DB:-build/demo.db}
rm -f "$DB" "$DB-wal" "$DB-shm"
"$OGAS" db init "$DB" >/dev/null
echo "== ogas: balancing the UK economy, 2010 (ONS input-output analytical tables, 127 products)"
echo
"$OGAS" leontief examples/io/uk2010_ons/iot_domestic_pxp_basic.csv --top 10 --db "$DB" --as ons
echo
echo "== The same for Great Britain, 2014 (WIOD, 56 industries), with hours worked from the"
echo "   socio-economic accounts: labour values are hours of work embodied per US dollar of product"
echo
"$OGAS" leontief examples/io/wiod2016/GBR_NIOT_nov16.csv --year 2014 --top 5
echo
echo "== A five-year plan: the peer planner's 40-product economy with capital stocks, solved exactly"
echo "   (simplex, COIN-OR CLP) and by Cockshott's harmony method for comparison"
echo
"$OGAS" plan examples/plan/random5y/n40_1 --method lp,harmony --db "$DB" --as planning-office
echo
echo "== A five-year plan for Great Britain from its 2014 table (WIOD, 56 industries, hours worked):"
echo "   each industry a technique, capital generated from the table's fixed capital formation"
echo "   (2.5 years of output, at capacity in the base year), consumption targets growing 2% a year"
echo "   and labour 1%; exact (CLP, its answer certified) and by the first-order method to 1%"
echo
"$OGAS" plan examples/io/wiod2016/GBR_NIOT_nov16.csv --year 2014 --method lp,pdlp --gap 0.01 --quiet
echo
echo "== A participatory budget: Swiecie 2023 (2,553 voters, 22 projects), decided again by the rule the"
echo "   city used (the Method of Equal Shares with the Add1 completion), exactly, and compared with the"
echo "   city's own outcome"
echo
"$OGAS" budget examples/pb/Poland_Swiecie_2023.pb --db "$DB" --as swiecie-council
echo
echo "== Budgeted projects in the plan: two investment projects (hand-made examples for the peer's"
echo "   40-product economy) made as fixed investments of the five-year plan"
echo
"$OGAS" plan examples/plan/random5y/n40_1 --projects examples/plan/projects/n40_1_projects.csv \
    --selected examples/plan/projects/n40_1_selected.txt --db "$DB" --as planning-office
echo
echo "== Distribution without the queue: the 1921 famine (harvest down 40% for a year from month 13) on"
echo "   the 40-product five-year plan, 10,000 households, month by month: administered prices (labour values,"
echo "   queues) against feedback (prices clear the shelves, the plan is recomputed towards what is short)"
echo
"$OGAS" simulate examples/scenarios/famine.scenario --db "$DB" --as distribution-office
echo
echo "== Open to everyone: every result above is in the store $DB with its inputs and an audit log"
echo "   chained by SHA-256, with the councils of a tram district; Ann, their delegate, adopts the plan with"
echo "   budgeted projects, and anyone can verify the chain and recompute every stored result from its inputs"
echo
at="--at 2026-11-29T09:00:00Z --by clerk"
{ "$OGAS" council create "$DB" D1 --name "Tram district" $at &&
  "$OGAS" council create "$DB" W1 --name "Tram works" --parent D1 $at &&
  "$OGAS" council create "$DB" W2 --name "Bakery" --parent D1 $at &&
  "$OGAS" council add-member "$DB" W1 ann --name Ann $at && "$OGAS" council add-member "$DB" W1 bo --name Bo $at &&
  "$OGAS" council add-member "$DB" W1 cy --name Cy $at && "$OGAS" council add-member "$DB" W2 dee --name Dee $at &&
  "$OGAS" council elect "$DB" W1 --vote ann=ann,bo=ann,cy=bo $at && "$OGAS" council elect "$DB" W2 --vote dee=dee $at; } >/dev/null
"$OGAS" db adopt "$DB" 4 --as ann
"$OGAS" db log "$DB"
echo
"$OGAS" verify "$DB"
if [ -t 1 ] && [ -z "${OGAS_DEMO_NO_SERVE:-}" ]; then
    token=$("$OGAS" token issue "$DB" --holder ann --role delegate --council W1 2>/dev/null | tail -1)
    port=${OGAS_PORT:-8080}
    echo
    echo "== The dashboard: http://127.0.0.1:$port/ (the API: http://127.0.0.1:$port/api/openapi.json)."
    echo "   Ann, delegate of the tram works, may open an election with her token (shown once):"
    echo "     $token"
    echo "   (docs/api.md shows how). Ctrl-C stops the server."
    exec "$OGAS" serve --db "$DB" --port "$port"
fi
