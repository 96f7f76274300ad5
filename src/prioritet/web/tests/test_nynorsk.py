"""The main pages speak nynorsk to a nynorsk reader: no bokmål outside what people typed.

The case page, the portfolio workspace, the assessment form (the criteria's questions and scale
words), the public page, a publication and the published criteria are rendered in bokmål, nynorsk
and English. The nynorsk rendering's visible text, without the text people entered (every text the
world writes carries its tenant's marker) and without the parts marked as another language, must
hold none of the bokmål-only words below; the English rendering none of them either. The three
renderings must differ, so a page that ignores the language is caught too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import Role, User
from prioritet.cases.models import AlternativeKind

from .world import Tenant, build_tenant, sign_in

#: Common bokmål words that nynorsk never uses (nynorsk: ikkje, kva, korleis, kven, kva for, viss,
#: kor/der, nokon, noko, mykje, berre, frå, vere, utan, saman, enno, vart/blei). «også» is left out:
#: it is good nynorsk beside «òg».
BOKMAL_ONLY = (
    "ikke",
    "hva",
    "hvordan",
    "hvem",
    "hvilke",
    "hvilken",
    "hvis",
    "hvor",
    "noen",
    "noe",
    "mye",
    "bare",
    "fra",
    "være",
    "uten",
    "sammen",
    "ennå",
    "ble",
)
MARKER_WORDS = re.compile(r"(?<!\w)(" + "|".join(BOKMAL_ONLY) + r")(?!\w)", re.IGNORECASE)
#: Elements whose text is not read as the page's prose.
SKIPPED = {"script", "style", "code", "template", "svg"}


class VisibleText(HTMLParser):
    """The text a reader sees, one piece per text node, leaving out another language's parts."""

    def __init__(self, page_language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_language = page_language
        self.pieces: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"}:
            return
        values = dict(attrs)
        lang = (values.get("lang") or "").split("-")[0]
        other_language = tag != "html" and bool(lang) and lang != self.page_language
        self._stack.append((tag, tag in SKIPPED or other_language or "hidden" in values))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if data.strip() and not self._hidden():
            self.pieces.append(" ".join(data.split()))


def visible_text(html: str, language: str, marker: str) -> list[str]:
    """The page's text pieces in ``language``, without any piece that holds user-entered text."""
    parser = VisibleText(language)
    parser.feed(html)
    return [piece for piece in parser.pieces if marker not in piece]


def bokmal_words(pieces: list[str]) -> dict[str, str]:
    """Each bokmål-only word found, with the first piece of text it was found in."""
    found: dict[str, str] = {}
    for piece in pieces:
        for match in MARKER_WORDS.finditer(piece):
            found.setdefault(match.group(1).lower(), piece)
    return found


def in_language(user: User | None, language: str) -> Client:
    """A client reading in ``language``: the signed-in user's own choice, or the cookie for a visitor."""
    if user is None:
        client = Client()
    else:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
        client = sign_in(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


Page = tuple[str, Callable[[Tenant], tuple[User | None, str]]]


def _assessment(tenant: Tenant) -> tuple[User | None, str]:
    case = tenant.political_case  # undecided: its alternatives can still be assessed
    alternative = case.alternatives.exclude(kind=AlternativeKind.NO_ACTION).first()
    assert alternative is not None
    return tenant.users[Role.DIRECTOR], reverse("cases:assessment", args=[case.pk, alternative.pk])


PAGES: list[Page] = [
    ("service case", lambda t: (t.users[Role.LEADER], reverse("cases:detail", args=[t.service_case.pk]))),
    ("political case", lambda t: (t.users[Role.DIRECTOR], reverse("cases:detail", args=[t.political_case.pk]))),
    ("individual case", lambda t: (t.users[Role.CASEWORKER], reverse("cases:detail", args=[t.individual_case.pk]))),
    ("assessment form", _assessment),
    ("portfolio workspace", lambda t: (t.users[Role.LEADER], reverse("portfolio:detail", args=[t.portfolio.pk]))),
    ("public page", lambda t: (None, reverse("public:municipality", args=[t.municipality.slug]))),
    (
        "publication",
        lambda t: (None, reverse("public:publication", args=[t.municipality.slug, t.publication.pk])),
    ),
    ("criteria", lambda t: (None, reverse("public:criteria", args=[t.municipality.slug]))),
]


@pytest.fixture
def renderings(db: None) -> dict[str, dict[str, list[str]]]:
    """Each page's visible text (user-entered text left out) in bokmål, nynorsk and English."""
    tenant = build_tenant("Nynorsk kommune", "4651", "NYNORSKDATA")
    out: dict[str, dict[str, list[str]]] = {}
    for name, locate in PAGES:
        out[name] = {}
        for language in ("nb", "nn", "en"):
            user, url = locate(tenant)
            response = in_language(user, language).get(url)
            assert response.status_code == 200, (name, language, response.status_code)
            out[name][language] = visible_text(response.content.decode(), language, tenant.marker)
    return out


def test_the_main_pages_show_no_bokmal_in_nynorsk_or_english_outside_what_people_typed(renderings) -> None:
    problems = []
    for page, texts in renderings.items():
        for language in ("nn", "en"):
            found = bokmal_words(texts[language])
            problems += [f"{language} {page}: «{word}» in «{text}»" for word, text in found.items()]
        if len({tuple(texts[language]) for language in ("nb", "nn", "en")}) != 3:
            problems.append(f"{page}: the three languages render the same text")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)
    # The check finds bokmål where it belongs: the bokmål case page uses the words nynorsk must not.
    assert bokmal_words(renderings["service case"]["nb"])
    # The criteria's questions and sub-dimensions come from the engine in nynorsk.
    criteria = " ".join(renderings["criteria"]["nn"])
    assert "Kva er konsekvensen av å ikkje setje i verk" in criteria
    assert "meistring" in criteria
    assert "Hva er konsekvensen" not in criteria
