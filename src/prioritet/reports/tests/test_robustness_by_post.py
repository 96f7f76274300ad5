"""The saksframlegg's GETs queue nothing: a large portfolio's robustness is started by a POST (the
page's poll or its button), as in the budget workspace, and joins the report once it is stored."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from prioritet.accounts.models import Role
from prioritet.core.tasks import run_queued_tasks
from prioritet.reports.models import ReportDocument

from .portfolio_data import demo_rows, make_portfolio
from .test_portfolio_section import page, section_of, svgs

pytest.importorskip("prioritet.portfolio.selectors")

HTMX = {"HTTP_HX_REQUEST": "true"}
NOTICE = "Robusthetsanalysen beregnes i bakgrunnen"


@pytest.fixture
def large(political_case, director, queued_tasks, settings):
    """The political case's 32 measures are analysed in the background (the limit is 10)."""
    cache.clear()  # an earlier test's analysis of the same measures is cached
    settings.PORTFOLIO_ROBUSTNESS_INLINE_LIMIT = 10
    make_portfolio(political_case, director, demo_rows(), budget_nok=20_000_000)
    return political_case


def analyse_url(case) -> str:
    return reverse("reports:saksframlegg_analyse", args=[case.pk])


def rows() -> tuple[int, int, int]:
    """Task rows, stored documents and robustness analyses: what a GET must not add to."""
    from prioritet.portfolio.models import RobustnessAnalysis

    return DBTaskResult.objects.count(), ReportDocument.objects.count(), RobustnessAnalysis.objects.count()


def test_reading_the_saksframlegg_and_its_pdf_queues_nothing(large, director, login_client, settings):
    settings.REPORTS_PDF_INLINE_MEASURES = 2  # the PDF too is a large one's: the GET must not queue it
    client = login_client(director)
    before = rows()
    html = page(client, large)
    assert client.get(reverse("reports:saksframlegg_pdf", args=[large.pk])).status_code == 200
    assert rows() == before == (0, 0, 0)
    assert NOTICE in html
    assert f'hx-post="{analyse_url(large)}"' in html
    assert "load delay:500ms, every 5s" in html  # with JavaScript the page asks at once, as the workspace does
    assert "csrfmiddlewaretoken" in html
    assert ">Start analysen, eller se på nytt</button>" in html
    assert "core-" not in section_of(html)


def test_the_post_queues_the_analysis_once_and_the_page_shows_it_when_it_is_stored(large, director, login_client):
    from prioritet.portfolio.models import RobustnessAnalysis

    client = login_client(director)
    plain = client.post(analyse_url(large))
    assert (plain.status_code, plain["Location"]) == (302, reverse("reports:saksframlegg", args=[large.pk]))
    polled = client.post(analyse_url(large), **HTMX)  # the second POST finds the same analysis
    assert rows() == (1, 0, 1)
    analysis = RobustnessAnalysis.objects.get()
    assert analysis.portfolio.case_id == large.pk
    content = polled.content.decode()
    assert polled.status_code == 200
    assert NOTICE in content
    assert 'hx-trigger="submit, every 5s"' in content
    assert "HX-Refresh" not in polled

    run_queued_tasks()
    ready = client.post(analyse_url(large), **HTMX)
    assert ready["HX-Refresh"] == "true"  # htmx reloads the page, which now shows the robustness
    assert rows() == (1, 0, 1)
    html = page(client, large)
    assert NOTICE not in html
    assert analyse_url(large) not in html
    assert any(s.get("id", "").startswith("core-") for s in svgs(section_of(html)))


def test_a_small_portfolio_has_nothing_to_start(political_case, director, login_client, queued_tasks):
    make_portfolio(political_case, director, demo_rows(), budget_nok=20_000_000)  # 32 measures: computed inline
    client = login_client(director)
    assert analyse_url(political_case) not in page(client, political_case)
    assert client.post(analyse_url(political_case), **HTMX)["HX-Refresh"] == "true"
    assert rows() == (0, 0, 0)


def test_another_municipalitys_user_gets_404_and_queues_nothing(large, user_factory, other_municipality, login_client):
    outsider = login_client(user_factory(Role.DIRECTOR, municipality=other_municipality))
    assert outsider.post(analyse_url(large)).status_code == 404
    assert outsider.post(analyse_url(large), **HTMX).status_code == 404
    assert rows() == (0, 0, 0)


def test_a_role_that_reads_no_report_gets_403_and_queues_nothing(large, national_admin, login_client):
    assert login_client(national_admin).post(analyse_url(large)).status_code == 403
    assert rows() == (0, 0, 0)


def test_who_may_read_the_portfolio_may_start_it_as_in_the_workspace(large, user_factory, login_client):
    politician = login_client(user_factory(Role.POLITICIAN))
    assert politician.post(analyse_url(large)).status_code == 302
    assert rows() == (1, 0, 1)


def test_the_start_is_a_post_and_the_page_a_get(large, director, login_client):
    client = login_client(director)
    assert client.get(analyse_url(large)).status_code == 405
    assert client.post(reverse("reports:saksframlegg", args=[large.pk])).status_code == 405
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize(
    ("language", "notice", "button"),
    [
        ("nb", NOTICE, "Start analysen, eller se på nytt"),
        ("nn", "Robustheitsanalysen blir rekna ut i bakgrunnen", "Start analysen, eller sjå på nytt"),
        ("en", "The robustness analysis is computed in the background", "Start the analysis, or look again"),
    ],
)
def test_the_notice_and_its_button_are_in_the_readers_language(large, director, login_client, language, notice, button):
    client = login_client(director)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    html = page(client, large)
    assert f'lang="{language}"' in html
    assert notice in html
    assert f">{button}</button>" in html
