"""The template helpers for reflow, keyboard and language of parts (issue 15, WCAG 1.4.10, 2.1.1, 3.1.2)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from prioritet.ethics import steps
from prioritet.evidence import grade
from prioritet.reports import legal


def render(text: str, **context: object) -> str:
    return Template("{% load prioritet_ui %}" + text).render(Context(context))


def test_a_scroll_region_is_a_named_focusable_box_around_its_table() -> None:
    html = render("{% scroll_region label %}<table><tr><td>1</td></tr></table>{% end_scroll_region %}", label="A & B")
    assert html == (
        '<div class="pri-table-wrap" role="region" tabindex="0" aria-label="A &amp; B" data-scroll-region>'
        "<table><tr><td>1</td></tr></table></div>"
    )


def test_a_quote_in_another_language_than_the_page_gets_its_lang_and_one_in_the_same_gets_none() -> None:
    with translation.override("nb"):
        assert render('<span{% lang_of "en" %}>x</span>') == '<span lang="en">x</span>'
        assert render('<span{% lang_of "nb" %}>x</span>') == "<span>x</span>"
        assert render("<span{% lang_of '' %}>x</span>") == "<span>x</span>"
    with translation.override("nn"):
        assert render('<span{% lang_of "nb" %}>x</span>') == '<span lang="nb">x</span>'
    with translation.override("en"):
        assert render('<span{% lang_of "en" %}>x</span>') == "<span>x</span>"


def test_the_quoted_sources_know_their_language() -> None:
    assert {source.language for source in grade.SOURCES} == {"en"}
    assert steps.SOURCE_LANGUAGE == "nb"
    assert legal.WHITE_PAPER_38.citation_language == "nb"
