"""Text the system stores on a person's behalf, and the access log's page keys, read in the reader's language.

The no-action alternative every case starts with and the municipality's default resource columns
are stored in the language of whoever made them; a reader in another language gets them in theirs
until a person retitles them. The access log keeps page keys («detail», «vedtak_summary») and shows
words, in the leader's language, also in the innsyn letter.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from prioritet.accounts.testing import lead, make_service_area
from prioritet.cases import services
from prioritet.cases.access_pages import PAGES, page_label
from prioritet.cases.models import Alternative, AlternativeKind, CaseAccess, Level
from prioritet.portfolio import services as portfolio_services
from prioritet.portfolio.models import ResourceColumn


def _no_action(case) -> Alternative:
    return Alternative.objects.get(case=case, kind=AlternativeKind.NO_ACTION)


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("nb", "Ikke starte, utsette eller avslutte"),
        ("nn", "Ikkje starte, utsetje eller avslutte"),
        ("en", "Not start, postpone or end"),
    ],
)
def test_the_system_made_no_action_alternative_reads_in_the_readers_language(
    leader, make_case, language, title
) -> None:
    with translation.override("nb"):
        case = make_case(leader, Level.SERVICE)
    with translation.override(language):
        assert _no_action(case).title == title


def test_a_retitled_no_action_alternative_is_shown_as_the_person_wrote_it(leader, make_case) -> None:
    with translation.override("nb"):
        case = make_case(leader, Level.SERVICE)
    Alternative.objects.filter(case=case, kind=AlternativeKind.NO_ACTION).update(title="Ikke utvide tilbudet")
    with translation.override("nn"):
        assert _no_action(case).title == "Ikke utvide tilbudet"


def test_a_nynorsk_reader_sees_the_no_action_alternative_in_nynorsk_on_the_case_page(
    leader, make_case, login_client
) -> None:
    with translation.override("nb"):
        case = make_case(leader, Level.SERVICE)
    client = login_client(leader)
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Ikkje starte, utsetje eller avslutte" in page
    assert "Ikke starte, utsette eller avslutte" not in page


def test_the_default_resource_columns_read_in_the_readers_language_without_repeating_themselves(municipality) -> None:
    with translation.override("nb"):
        portfolio_services.ensure_default_columns(municipality)
    with translation.override("en"):
        columns = {c.key: c for c in ResourceColumn.objects.for_municipality(municipality)}
        assert (columns["cost_nok"].label, columns["cost_nok"].unit) == ("Cost", "NOK per year")
        assert str(columns["fte"]) == "FTEs (full-time equivalents)"
    with translation.override("nn"):
        columns = {c.key: c for c in ResourceColumn.objects.for_municipality(municipality)}
        assert str(columns["cost_nok"]) == "Kostnad (kr per år)"
        assert str(columns["fte"]) == "Årsverk"


def test_every_page_key_the_views_log_has_words_in_each_language() -> None:
    for language in ("nb", "nn", "en"):
        with translation.override(language):
            for key in PAGES:
                assert page_label(key) != key
    with translation.override("nb"):
        assert page_label("vedtak_summary") == "oppsummeringen til vedtaksbrevet"
        assert page_label("api:judgment") == "kommunens fagsystem (API)"
        assert page_label("made-up") == "made-up"


def test_the_access_log_shows_the_page_in_words_not_its_key(leader, caseworker, make_case, login_client) -> None:
    area = make_service_area(caseworker.municipality, "Tildelingskontoret")
    case = make_case(caseworker, Level.INDIVIDUAL, service_area=area)
    for page in ("detail", "decision", "vedtak_summary"):
        services.record_access(case, caseworker, page)
    lead(leader, area)
    client = login_client(leader)
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    page = client.get(reverse("cases:access_log")).content.decode()
    assert "Samandraget til vedtaksbrevet" in page or "Oppsummeringa til vedtaksbrevet" in page
    assert "<td>Vedtaket</td>" in page
    assert "<td>Saka</td>" in page
    assert "vedtak_summary" not in page
    assert "<td>detail</td>" not in page
    assert CaseAccess.objects.filter(case=case).count() == 3
