"""Demo data shipped with the package, so ``make run`` and a first look need no files of one's own.

See ``data/README.md`` for what the files hold and how the seed table's words became scores.
"""

from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
#: A budget case of a mid-sized municipality: 32 measures, costs in NOK per year and FTEs.
MEASURES = DATA_DIR / "tiltak.csv"
#: The worked table of three cases from the seed presentation (individual, service, political).
SEED_CASES = DATA_DIR / "seed_cases.csv"
#: The demo cases of ``manage.py load_demo`` (three of them are the seed's, scored in ``seed_cases.csv``).
DEMO_CASES = DATA_DIR / "demo_cases.json"
#: A made-up export from a case system: IPLOS function scores, users and hours per week per service,
#: 2020–2024, for the demo municipality (9999), in the indicators' tidy shape (docs/methods.md §10e).
IPLOS = DATA_DIR / "iplos_made_up.csv"
#: A made-up four-year økonomiplan (2027–2030): 14 measures with running and first-year amounts,
#: savings, earliest start years, groups and requirements (``prioritet plan``).
PLAN = DATA_DIR / "okonomiplan_made_up.csv"
