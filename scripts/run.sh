#!/usr/bin/env bash
# Run Prioritet on the demo data: ranking, portfolio, frontier, robustness and a four-year plan, as tables.
# `make run` calls this after scripts/setup.sh; it needs nothing but the installed .venv.
set -euo pipefail
cd "$(dirname "$0")/.."
prioritet=.venv/bin/prioritet
data=src/prioritet/demo/data/tiltak.csv
plan=src/prioritet/demo/data/okonomiplan_made_up.csv
# Rich fits tables to the terminal; without one (CI, a pipe) it would squeeze them into 80 columns.
if [ ! -t 1 ]; then
  export COLUMNS="${COLUMNS:-120}"
fi

section() {
  printf '\n== %s\n\n' "$1"
}

section "Rangering: alle tiltak etter verdi, like vekter (prioritet rank)"
"$prioritet" rank "$data"

section "Portefølje innenfor 20 mill. kr og 22 årsverk (prioritet portfolio)"
"$prioritet" portfolio "$data" --budget cost_nok=20000000 --budget fte=22

section "Verdi for pengene fra 12 til 36 mill. kr, 30 årsverk (prioritet frontier)"
"$prioritet" frontier "$data" --budget cost_nok=12000000:36000000:7 --budget fte=30

section "Robusthet når vektene er usikre, med budsjett (prioritet robustness)"
"$prioritet" robustness "$data" --budget cost_nok=20000000 --budget fte=22 --samples 10000 --seed 1

section "Økonomiplan 2027–2030: hvilke tiltak starter hvilket år (prioritet plan; oppdiktede tall)"
"$prioritet" plan "$plan" --years 2027:2030 --budget cost_nok=11000000,12000000,13000000,14000000 --budget fte=12,12,15,15
