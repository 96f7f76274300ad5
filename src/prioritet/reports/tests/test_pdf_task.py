"""The PDF of a large saksframlegg is rendered once by a background task and then served stored (issue 9).

Its GET writes nothing: it serves the stored document, waits for it, or offers «Make the PDF»; the
POST queues the rendering, once."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
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


def rows() -> tuple[int, int, int]:
    """Task rows, stored documents and robustness analyses: what a GET must not add to."""
    from prioritet.portfolio.models import RobustnessAnalysis

    return DBTaskResult.objects.count(), ReportDocument.objects.count(), RobustnessAnalysis.objects.count()


def make(client, case):
    """«Make the PDF»: the POST, which goes to the waiting page of the document it queued (or found)."""
    response = client.post(pdf_url(case))
    assert response.status_code == 302
    return response


def test_a_get_of_a_large_reports_pdf_writes_nothing_and_offers_to_make_it(large, director, login_client, queued_tasks):
    client = login_client(director)
    before = rows()
    response = client.get(pdf_url(large))
    assert rows() == before == (0, 0, 0)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    assert f'<form method="post" action="{pdf_url(large)}">' in content
    assert "csrfmiddlewaretoken" in content
    assert ">Lag PDF</button>" in content
    assert "ikke laget noen PDF" in content


def test_two_posts_queue_one_rendering_and_then_the_get_serves_the_stored_document(
    large, director, login_client, queued_tasks, monkeypatch
):
    client = login_client(director)
    first, second = make(client, large), make(client, large)
    document = ReportDocument.objects.get()
    assert first["Location"] == second["Location"] == status_url(large, document)
    assert DBTaskResult.objects.count() == 1
    assert document.status == TaskStatus.QUEUED
    assert document.municipality == large.municipality
    waiting = client.get(pdf_url(large))
    assert waiting.status_code == 202
    assert status_url(large, document) in waiting.content.decode()
    assert "bakgrunnen" in waiting.content.decode()  # the waiting page, in bokmål
    assert client.get(first["Location"]).status_code == 200  # where the POST leads: the same waiting page
    assert DBTaskResult.objects.count() == 1

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
    make(client, large)
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
    make(client, large)
    document = ReportDocument.objects.get()
    with monkeypatch.context() as broken:
        broken.setattr(services.pdf, "render", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("no fonts")))
        run_queued_tasks()
    document.refresh_from_db()
    assert document.status == TaskStatus.FAILED
    content = client.get(status_url(large, document), **HTMX).content.decode()
    assert "PDF-en kunne ikke lages" in content
    assert "Prøv igjen" in content
    assert client.get(pdf_url(large)).status_code == 202  # the GET shows the failure; it does not queue again
    assert DBTaskResult.objects.count() == 1

    again = make(client, large)
    assert again["Location"] == status_url(large, document)
    assert DBTaskResult.objects.count() == 2
    run_queued_tasks()
    document.refresh_from_db()
    assert document.status == TaskStatus.DONE
    assert client.get(pdf_url(large)).content.startswith(b"%PDF-")


def test_another_municipalitys_user_gets_404_and_queues_nothing(
    large, director, user_factory, other_municipality, login_client, queued_tasks
):
    make(login_client(director), large)
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
    make(client, large)
    document = ReportDocument.objects.get()
    assert client.get(status_url(service_case, document)).status_code == 404


def test_a_role_that_reads_no_report_gets_403_and_queues_nothing(large, national_admin, login_client, queued_tasks):
    client = login_client(national_admin)
    assert client.get(pdf_url(large)).status_code == 403
    assert client.post(pdf_url(large)).status_code == 403
    assert rows() == (0, 0, 0)


def test_other_methods_than_get_and_post_are_refused(large, director, login_client, queued_tasks):
    client = login_client(director)
    assert client.put(pdf_url(large)).status_code == 405
    assert client.delete(pdf_url(large)).status_code == 405
    make(client, large)
    assert client.post(status_url(large, ReportDocument.objects.get())).status_code == 405
    assert DBTaskResult.objects.count() == 1


def test_a_small_report_is_still_rendered_in_the_get_and_its_post_stores_nothing(
    political_case, director, login_client, queued_tasks
):
    client = login_client(director)
    response = client.get(pdf_url(political_case))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    posted = client.post(pdf_url(political_case))
    assert (posted.status_code, posted["Location"]) == (302, pdf_url(political_case))
    assert rows() == (0, 0, 0)


def test_a_changed_report_gets_a_new_document(large, director, login_client, queued_tasks):
    """The fingerprint is the report itself: a new title is a new document, not the stale PDF."""
    client = login_client(director)
    make(client, large)
    run_queued_tasks()
    type(large).objects.filter(pk=large.pk).update(title="Ny tittel på saken")
    assert ">Lag PDF</button>" in client.get(pdf_url(large)).content.decode()
    make(client, large)
    assert ReportDocument.objects.count() == 2


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nb", ("Lag PDF", "ikke laget noen PDF")),
        ("nn", ("Lag PDF", "ikkje laga nokon PDF")),
        ("en", ("Make the PDF", "no PDF of it as it reads now")),
    ],
)
def test_the_offer_to_make_the_pdf_is_in_the_readers_language(
    large, director, login_client, queued_tasks, language, words
):
    client = login_client(director)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    content = client.get(pdf_url(large)).content.decode()
    assert f'lang="{language}"' in content
    for word in words:
        assert word in content
