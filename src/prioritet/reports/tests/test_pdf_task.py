"""The PDF of a large saksframlegg is rendered once by a background task and then served stored (issue 9)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from prioritet.accounts.models import Role
from prioritet.core.records import TaskStatus
from prioritet.core.tasks import run_queued_tasks
from prioritet.reports import services
from prioritet.reports.models import ReportDocument

from .portfolio_data import demo_rows, make_portfolio

pytest.importorskip("prioritet.portfolio.selectors")

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def large(political_case, director, settings):
    """The political case's saksframlegg counts as large: its portfolio has more measures than the limit."""
    settings.REPORTS_PDF_INLINE_MEASURES = 2
    make_portfolio(political_case, director, demo_rows(), budget_nok=20_000_000)
    return political_case


def pdf_url(case) -> str:
    return reverse("reports:saksframlegg_pdf", args=[case.pk])


def status_url(case, document) -> str:
    return reverse("reports:saksframlegg_pdf_status", args=[case.pk, document.pk])


def test_two_requests_queue_one_rendering_and_then_get_the_stored_document(
    large, director, login_client, queued_tasks, monkeypatch
):
    client = login_client(director)
    first, second = client.get(pdf_url(large)), client.get(pdf_url(large))
    document = ReportDocument.objects.get()
    assert (first.status_code, second.status_code) == (202, 202)
    assert status_url(large, document) in first.content.decode()
    assert "bakgrunnen" in first.content.decode()  # the waiting page, in bokmål
    assert DBTaskResult.objects.count() == 1
    assert document.status == TaskStatus.QUEUED
    assert document.municipality == large.municipality

    run_queued_tasks()
    document.refresh_from_db()
    assert document.status == TaskStatus.DONE
    assert bytes(document.pdf).startswith(b"%PDF-")
    assert document.html == ""  # the input is not kept once the PDF is made

    monkeypatch.setattr(services.pdf, "render", lambda *a, **k: pytest.fail("rendered again"))
    monkeypatch.setattr("prioritet.reports.views.pdf.render", lambda *a, **k: pytest.fail("rendered again"))
    served = client.get(pdf_url(large))
    assert served.status_code == 200
    assert served.content == bytes(document.pdf)
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"] == f'inline; filename="saksframlegg-{large.pk}.pdf"'
    assert "no-store" in served["Cache-Control"]
    assert ReportDocument.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_the_waiting_page_polls_until_the_pdf_is_ready_then_offers_it(large, director, login_client, queued_tasks):
    client = login_client(director)
    client.get(pdf_url(large))
    document = ReportDocument.objects.get()
    waiting = client.get(status_url(large, document), **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in waiting
    run_queued_tasks()
    ready = client.get(status_url(large, document), **HTMX)
    assert "no-store" in ready["Cache-Control"]
    content = ready.content.decode()
    assert "hx-trigger" not in content
    assert "PDF-en er klar" in content
    assert f'href="{pdf_url(large)}"' in content


def test_a_failed_rendering_says_so_and_can_be_tried_again(large, director, login_client, queued_tasks, monkeypatch):
    client = login_client(director)
    client.get(pdf_url(large))
    document = ReportDocument.objects.get()
    with monkeypatch.context() as broken:
        broken.setattr(services.pdf, "render", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no fonts")))
        run_queued_tasks()
    document.refresh_from_db()
    assert document.status == TaskStatus.FAILED
    content = client.get(status_url(large, document), **HTMX).content.decode()
    assert "PDF-en kunne ikke lages" in content
    assert "Prøv igjen" in content

    again = client.post(pdf_url(large))
    assert again.status_code == 302
    assert again["Location"] == pdf_url(large)
    assert DBTaskResult.objects.count() == 2
    run_queued_tasks()
    document.refresh_from_db()
    assert document.status == TaskStatus.DONE
    assert client.get(pdf_url(large)).content.startswith(b"%PDF-")


def test_another_municipalitys_user_gets_404_and_queues_nothing(
    large, director, user_factory, other_municipality, login_client, queued_tasks
):
    login_client(director).get(pdf_url(large))
    document = ReportDocument.objects.get()
    outsider = login_client(user_factory(Role.DIRECTOR, municipality=other_municipality))
    assert outsider.get(pdf_url(large)).status_code == 404
    assert outsider.post(pdf_url(large)).status_code == 404
    assert outsider.get(status_url(large, document), **HTMX).status_code == 404
    assert ReportDocument.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_document_of_another_case_is_not_found_under_this_one(
    large, service_case, director, login_client, queued_tasks
):
    client = login_client(director)
    client.get(pdf_url(large))
    document = ReportDocument.objects.get()
    assert client.get(status_url(service_case, document)).status_code == 404


def test_a_role_that_reads_no_report_gets_403_and_queues_nothing(large, national_admin, login_client, queued_tasks):
    client = login_client(national_admin)
    assert client.get(pdf_url(large)).status_code == 403
    assert client.post(pdf_url(large)).status_code == 403
    assert not ReportDocument.objects.exists()


def test_a_small_report_is_still_rendered_in_the_request(political_case, director, login_client, queued_tasks):
    response = login_client(director).get(pdf_url(political_case))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert not ReportDocument.objects.exists()


def test_a_changed_report_gets_a_new_document(large, director, login_client, queued_tasks):
    """The fingerprint is the report itself: a new title is a new document, not the stale PDF."""
    client = login_client(director)
    client.get(pdf_url(large))
    run_queued_tasks()
    type(large).objects.filter(pk=large.pk).update(title="Ny tittel på saken")
    assert client.get(pdf_url(large)).status_code == 202
    assert ReportDocument.objects.count() == 2
