"""How long an import takes with the largest and the most hostile files the web accepts.

    .venv/bin/python scripts/measure_import.py

On a throwaway SQLite database it signs in the municipal director with a service case's portfolio and, with
Django's test client (the whole middleware stack, test settings: DEBUG off), times for each file below
the upload request (it stores the file and queues the check), the check task (the file is read and
checked: what the preview shows), and the request of the page that shows the preview; then, for the
largest sound file, the confirmation request (it queues the save) and the save task. The tasks are
queued and never run by a worker here; their bodies are timed apart, as a worker would run them. The
files are built by :mod:`prioritet.tabular.testing`. Measured, not asserted: the figures depend on
the machine; docs/benchmarks.md holds a run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def unpacked(data: bytes) -> int:
    with zipfile.ZipFile(BytesIO(data)) as archive:
        return sum(entry.file_size for entry in archive.infolist())


def main() -> None:
    var = tempfile.mkdtemp(prefix="prioritet-import-")
    os.environ.update(
        DATABASE_URL=f"sqlite:///{var}/import.sqlite3",
        PRIORITET_TESTING="1",
        PRIORITET_VAR_DIR=var,
        ALLOWED_HOSTS="testserver",
        DJANGO_SETTINGS_MODULE="prioritet.web.settings",
        LOG_LEVEL="ERROR",
    )
    sys.path.insert(0, str(REPO / "src"))
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # so that a response carries its template context (the preview)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse

    from prioritet.accounts.models import Role
    from prioritet.accounts.testing import make_municipality, make_user
    from prioritet.cases import services as case_services
    from prioritet.cases.models import Level
    from prioritet.portfolio import imports, services
    from prioritet.portfolio.models import MeasureImport
    from prioritet.tabular.testing import csv_bytes, measure_rows, workbook_bytes

    call_command("migrate", verbosity=0, interactive=False)
    municipality = make_municipality("Målekommune", number="9998", population=10_000)
    # The municipal director edits portfolios and needs no second factor to sign in (leaders do).
    leader = make_user(Role.DIRECTOR, municipality=municipality, username="maaler")
    case = case_services.create_case(
        municipality, leader, no_action_consequence="Ingen.", level=Level.POLITICAL, title="Import"
    )
    portfolio = services.create_portfolio(case, leader)
    client = Client()
    client.force_login(leader)
    upload_url = reverse("portfolio:import", args=[portfolio.pk])

    many = [["id", "navn", "nytte", "alvorlighet", "ressurs"]]
    many += [[f"T{n}", f"Tiltak nummer {n} " * 20, 3, 3, 3] for n in range(1, 30_001)]
    files = {
        "5,000 measures, 1,000-character descriptions (XLSX)": (
            "tiltak.xlsx",
            workbook_bytes(measure_rows(5000, extra_columns=3, text="x" * 1000)),
        ),
        "5,000 measures (semicolon CSV)": ("tiltak.csv", csv_bytes(measure_rows(5000, extra_columns=3))),
        "30,000 rows of long unique texts (XLSX, under the unpacked cap)": ("tiltak.xlsx", workbook_bytes(many)),
        "the same with 60,000 rows (XLSX, over the cap)": ("tiltak.xlsx", workbook_bytes(many + many[1:])),
        "60,000 rows (semicolon CSV, over the row limit)": ("tiltak.csv", csv_bytes(measure_rows(60_000))),
    }
    queued = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print("| file | size | unpacked | upload request s | check task s | preview page s | outcome |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for label, (name, data) in files.items():
        assert len(data) <= imports.MAX_BYTES, label
        with override_settings(TASKS=queued):
            started = time.perf_counter()
            response = client.post(upload_url, {"file": SimpleUploadedFile(name, data)})
            upload_seconds = time.perf_counter() - started
        assert response.status_code == 302, (label, response.status_code)
        record = MeasureImport.objects.order_by("-pk").first()
        started = time.perf_counter()
        services.check_measure_import(record)
        check_seconds = time.perf_counter() - started
        started = time.perf_counter()
        response = client.get(response["Location"])
        page_seconds = time.perf_counter() - started
        assert response.status_code == 200, (label, response.status_code)
        preview = response.context["preview"]
        outcome = "sound" if preview.ok else str(preview.problems[0].message)[:70]
        size_unpacked = f"{unpacked(data) / 2**20:.1f} MB" if name.endswith(".xlsx") else "–"
        print(
            f"| {label} | {len(data) / 2**20:.2f} MB | {size_unpacked} | {upload_seconds:.2f} | {check_seconds:.2f} "
            f"| {page_seconds:.2f} | {outcome} |"
        )

    name, data = files["5,000 measures, 1,000-character descriptions (XLSX)"]
    with override_settings(TASKS=queued):
        client.post(upload_url, {"file": SimpleUploadedFile(name, data)})
        record = MeasureImport.objects.order_by("-pk").first()
        services.check_measure_import(record)
        started = time.perf_counter()
        response = client.post(reverse("portfolio:import_confirm", args=[portfolio.pk, record.pk]))
        confirm_seconds = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    record.refresh_from_db()
    started = time.perf_counter()
    services.run_measure_import(record)
    task_seconds = time.perf_counter() - started
    record.refresh_from_db()
    print(
        f"\nConfirming 5,000 measures: the request {confirm_seconds:.2f} s (queues the save); "
        f"the save task {task_seconds:.1f} s ({record.status}, {record.result})"
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
