"""The indicators in a real browser: a leader reads the list and one indicator's series against its
peers, sees the suppressed figure as «:», uploads a file; the administrator publishes a key figure and
the public reads it without signing in; every page is axe-clean at 1280 and 390 px."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest
from django.apps import apps
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.indicators.demo import add_demo_indicators
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, Status

from .helpers import DESKTOP, PHONE, axe, screenshot


@pytest.fixture(autouse=True)
def starter_definitions() -> None:
    """The national starter definitions, as the migrations leave them.

    A browser test's database is emptied after every test (data migrations' rows too), so a test that
    runs after another one would find no definitions and the demo would add no series.
    """
    for name, function in (
        ("0002_starter_definitions", "add"),
        ("0003_region_variable", "kostra_region"),
        ("0007_import_and_own_definitions", "add"),
        ("0009_ssb_confirmed", "confirm"),
    ):
        migration = importlib.import_module(f"prioritet.indicators.migrations.{name}")
        getattr(migration, function)(apps, None)


def _fits(page: Page) -> None:
    """Nothing but the tables' own scroll boxes is wider than the window."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_leader_reads_the_indicators_and_one_series_against_its_peers(
    page: Page, login_as: Callable[..., User]
) -> None:
    leader = login_as(Role.LEADER)
    add_demo_indicators(leader.municipality, {})
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.goto("/indicators/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Indikatorer")
        expect(page.get_by_text("Demotall (oppdiktede)")).to_be_visible()
        expect(page.get_by_role("img", name="Utvikling 2015–2024").first).to_be_attached()
        axe(page)
        _fits(page)
    screenshot(page, "indicators-list-nb")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Andel innbyggere 80 år og over med institusjonsopphold").click()
    expect(page.get_by_text("Demotall (oppdiktede)")).to_be_visible()
    chart = page.get_by_role("img", name="Andel innbyggere 80 år og over med institusjonsopphold")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Verdier per periode")
    expect(table.get_by_role("columnheader", name="KOSTRA-gruppe 13")).to_be_visible()
    suppressed = table.locator("abbr[title='Skjult av personvernhensyn']")
    expect(suppressed).to_have_text(":")
    axe(page)
    page.set_viewport_size(PHONE)
    axe(page)
    _fits(page)
    screenshot(page, "indicators-detail-nb")


def test_a_leader_uploads_a_file_and_a_wrong_one_is_explained_in_nynorsk(
    page: Page, login_as: Callable[..., User]
) -> None:
    login_as(Role.LEADER)
    # A browser test's database is emptied between tests, the migration's starter definitions too.
    IndicatorDefinition.objects.get_or_create(
        owner=None,
        key="population_80",
        defaults={"name_nb": "Innbyggere 80 år og over", "name_nn": "Innbyggjarar 80 år og over", "unit": "personer"},
    )
    page.goto("/indicators/")
    page.get_by_role("link", name="Last opp tall").click()
    page.get_by_label("Indikator").select_option(label="Innbyggere 80 år og over")
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "tall.csv", "mimeType": "text/csv", "buffer": b"Region;Tid;value\n3909;2023;2150\n"}]
    )
    axe(page)
    page.get_by_role("button", name="Last opp og kontroller").click()
    expect(page.get_by_text("Filen er i orden: lagring gir 1 nye verdier")).to_be_visible()
    axe(page)
    page.get_by_role("button", name="Lagre tallene").click()
    expect(page.get_by_text("1 nye verdier, 0 endret, 0 som før.")).to_be_visible()
    page.goto("/indicators/upload/")
    page.get_by_role("button", name="Nynorsk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Last opp tal")
    page.get_by_label("Indikator").select_option(label="Innbyggjarar 80 år og over")
    page.get_by_label("Fil").set_input_files(
        files=[{"name": "tall.csv", "mimeType": "text/csv", "buffer": b"Region;Tid;value\n3909;2023;mange\n"}]
    )
    page.get_by_role("button", name="Last opp og kontroller").click()
    problems = page.get_by_role("region", name="Feil")
    expect(problems).to_contain_text("Verdien «mange» er ikkje eit tal")
    expect(page.get_by_role("button", name="Lagre tala")).to_have_count(0)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe(page)
        _fits(page)
    screenshot(page, "indicators-upload-error-nn")


def test_the_administrator_chooses_the_comparison_on_an_accessible_form(
    page: Page, login_as: Callable[..., User]
) -> None:
    login_as(Role.MUNICIPAL_ADMIN)
    page.goto("/indicators/")
    page.get_by_role("link", name="Sammenligning og SSB-tall").click()
    expect(page.get_by_text("Henting fra SSB er slått av på denne serveren")).to_be_visible()
    page.get_by_label("KOSTRA-gruppe").fill("EKG13")
    page.get_by_label("Sammenlignbare kommuner").fill("3907, x")
    page.get_by_role("button", name="Lagre").click()
    expect(page.locator("#id_peers_error")).to_contain_text("«x»")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        axe(page)
        _fits(page)
    page.get_by_label("Sammenlignbare kommuner").fill("3907, 3905")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Lagret. Henting fra SSB er slått av")).to_be_visible()


def test_the_administrator_publishes_key_figures_and_the_public_page_shows_them_accessibly(
    page: Page, login_as: Callable[..., User]
) -> None:
    admin = login_as(Role.MUNICIPAL_ADMIN)
    municipality = admin.municipality
    add_demo_indicators(municipality, {})
    coverage = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")
    # A figure about fewer than five people: the public page shows «:» and no number.
    IndicatorValue.objects.filter(definition=coverage, region=municipality.number, period="2019").update(
        value=None, status=Status.SUPPRESSED
    )
    page.goto("/publishing/key-figures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nøkkeltall på den offentlige siden")
    axe(page)
    page.get_by_role("row", name="Andel innbyggere 80 år og over med institusjonsopphold").get_by_role("link").click()
    page.get_by_label("Vis på den offentlige nøkkeltallsiden").check()
    page.get_by_label("Offentlig forklaring").fill("Flere eldre skal kunne bo hjemme.")
    axe(page)
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Tallet vises på den offentlige nøkkeltallsiden.")).to_be_visible()
    page.context.clear_cookies()  # the public reads it without signing in
    page.goto(f"/p/{municipality.slug}/")
    page.get_by_role("link", name="Se kommunens nøkkeltall").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nøkkeltall for {municipality.name}")
    expect(page.get_by_text("Demotall (oppdiktede)").first).to_be_visible()
    expect(page.get_by_role("img", name="Andel innbyggere 80 år og over med institusjonsopphold")).to_be_visible()
    page.get_by_text("Tallene som tabell").click()
    table = page.get_by_role(
        "table", name="Andel innbyggere 80 år og over med institusjonsopphold (prosent), per periode"
    )
    expect(table.get_by_role("columnheader", name="KOSTRA-gruppe 13")).to_be_visible()
    expect(
        table.get_by_role("row", name="2019").locator("abbr[title='Skjult av personvernhensyn']").first
    ).to_have_text(":")
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        axe(page)
        _fits(page)
    screenshot(page, "public-key-figures-nb")


#: Where a caption's box is, and the box of the scroll region around its table (client coordinates).
CAPTION_AND_REGION = """(region) => {
  const box = (e) => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right}; };
  return {caption: box(region.querySelector('caption')), region: box(region), screen: window.innerWidth};
}"""


def test_at_390_px_a_scrolling_tables_caption_wraps_within_the_screen_and_still_names_the_table(
    page: Page, login_as: Callable[..., User]
) -> None:
    """The caption was as wide as its table, its text running off a phone's screen (issue 15's review)."""
    leader = login_as(Role.LEADER)
    add_demo_indicators(leader.municipality, {})
    page.set_viewport_size(PHONE)
    page.goto("/indicators/comparison/")
    region = page.get_by_role("region", name="Sammenligning med andre kommuner")
    expect(region.get_by_role("table", name="Sammenligning med andre kommuner")).to_be_visible()
    expect(region).to_have_attribute("tabindex", "0")
    assert region.evaluate("(r) => r.scrollWidth > r.clientWidth"), "the table should be wider than a phone"
    for scrolled in ("0", "r.scrollWidth"):
        region.evaluate(f"(r) => {{ r.scrollLeft = {scrolled}; }}")
        boxes = region.evaluate(CAPTION_AND_REGION)
        caption, box = boxes["caption"], boxes["region"]
        # within a pixel: scrolled to its end, a region stops at a fraction and the caption follows it
        assert caption["left"] >= box["left"] - 1, boxes
        assert caption["right"] <= box["right"] + 1, boxes
        assert box["right"] <= boxes["screen"], boxes
    axe(page)


#: Every visible heading wider than its own box or sticking out of its parent's, and every word of the
#: page's title broken across two lines (no hyphenation dictionary here: a break would be mid-word).
HEADINGS_THAT_DO_NOT_FIT = """() => {
  const out = [];
  for (const h of document.querySelectorAll('h1, h2, h3, h4')) {
    if (h.closest('.ds-sr-only') || !h.getClientRects().length) continue;
    const box = h.getBoundingClientRect(), parent = h.parentElement.getBoundingClientRect();
    if (h.scrollWidth > h.clientWidth + 1 || box.right > parent.right + 1 || box.right > innerWidth) {
      out.push('wider than its box: ' + h.textContent.trim());
    }
  }
  return out;
}"""
BROKEN_WORDS = """(h) => {
  const node = h.firstChild, out = [], words = /\\S+/g;
  for (let m; (m = words.exec(node.data)); ) {
    const range = document.createRange();
    range.setStart(node, m.index);
    range.setEnd(node, m.index + m[0].length);
    if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) out.push(m[0]);
  }
  return out;
}"""


def test_a_title_of_long_compound_words_fits_a_phone_and_keeps_its_words_whole_at_390_px(
    page: Page, login_as: Callable[..., User]
) -> None:
    """At 2.25rem «Hverdagsrehabilitering» was wider than a 390 px screen and broke mid-word (issue 15)."""
    leader = login_as(Role.LEADER)
    title = "Prioriteringsvurderinger i hverdagsrehabilitering"
    own = IndicatorDefinition.objects.create(
        owner=leader.municipality, key="prioriteringsvurderinger", name_nb=title, unit="saker", source="own"
    )
    page.goto(f"/indicators/{own.pk}/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text(title)
    page.evaluate("document.fonts.ready.then(() => true)")
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844})
        assert page.evaluate(HEADINGS_THAT_DO_NOT_FIT) == [], width
        _fits(page)
        if width == PHONE["width"]:
            assert heading.evaluate(BROKEN_WORDS) == []
            axe(page)
