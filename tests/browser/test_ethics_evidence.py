"""Ethical reflection and evidence, as a service leader uses them.

The six steps of KS's model are filled with the keyboard in the guided form (Tab to the notes, type,
Tab to «Neste», Enter), reviewed, marked completed and then read on the case page and in the
saksframlegg. A mini-metodevurdering of a measure puts its certainty beside the alternative on the
case page, and an Evidence-to-Decision panel on the case shows in the saksframlegg as the GRADE summary
table. axe checks every page of the two apps. The case is set up through the services.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.urls import reverse
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Role, User
from prioritet.cases import services as case_services
from prioritet.cases.models import Case, Level
from prioritet.ethics.models import EthicalReflection, ReflectionStatus
from prioritet.evidence.models import EvidenceToDecision, MiniHta, Status

from .helpers import axe, open_case_section, screenshot
from .test_keyboard import tab_to

MEASURE = "Starte Larvikshjelpa"

NOTES = {
    1: "Bør vi flytte to fagstillinger fra oppfølgingsteamet til Larvikshjelpa?",
    2: "Ventetiden er seks uker. To stillinger kan omdisponeres uten nye midler.",
    3: "Innbyggere på venteliste, brukere i oppfølgingsteamet, ansatte, brukerrådet.",
    4: "Likeverdig tilgang, forsvarlighet og mest mulig helse for flest mulig.",
    5: "A: starte nå. B: vente ett år. C: starte med én stilling og evaluere.",
    6: "Alternativ C ivaretar både ventelisten og dagens brukere.",
}
CONCLUSION = "Gruppen anbefaler oppstart med én stilling og evaluering etter seks måneder."


def service_case(leader: User) -> Case:
    case = case_services.create_case(
        leader.municipality,
        leader,
        no_action_consequence="Ventetiden øker; tilstander kan forverres.",
        level=Level.SERVICE,
        title="Vurdere oppstart av Larvikshjelpa",
        description="Økende pågang fra innbyggere.",
    )
    case_services.add_alternative(case, leader, title=MEASURE, description="Lavterskeltilbud.")
    return case


def press_button(page: Page, name: str) -> None:
    button = page.get_by_role("button", name=name, exact=True)
    tab_to(page, button)
    page.keyboard.press("Enter")


def test_six_steps_with_the_keyboard_then_on_the_case_and_in_the_saksframlegg(
    page: Page, login_as: Callable[..., User]
) -> None:
    leader = login_as(Role.LEADER, username="leder-etikk")
    case = service_case(leader)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role("link", name="Etisk refleksjon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Etisk refleksjon")
    expect(page.get_by_text("Hva er den etiske utfordringen?")).to_be_visible()
    axe(page)
    page.get_by_role("link", name="Start en ny refleksjon").click()
    axe(page)

    title = page.get_by_label("Det etiske spørsmålet")
    tab_to(page, title)
    page.keyboard.type("Omdisponere stillinger til Larvikshjelpa?")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Deltakere")).to_be_focused()
    page.keyboard.type("Enhetsleder, psykolog, tillitsvalgt")
    press_button(page, "Start med trinn 1")

    for number in range(1, 7):
        expect(page.get_by_text(f"Trinn {number} av 6", exact=True)).to_be_visible()
        expect(page.locator("[aria-current=step]")).to_contain_text(str(number))
        notes = page.get_by_label("Gruppens notater")
        tab_to(page, notes)
        page.keyboard.type(NOTES[number])
        if number == 6:
            page.keyboard.press("Tab")
            expect(page.get_by_label("Konklusjon")).to_be_focused()
            page.keyboard.type(CONCLUSION)
            page.keyboard.press("Tab")
            expect(page.get_by_label("Oppfølging")).to_be_focused()
            page.keyboard.type("Enhetsleder legger fram evalueringen.")
        if number in (1, 6):
            axe(page)
            screenshot(page, f"ethics-step-{number}")
        if number == 3:
            # Back and forth: «Forrige» keeps what was typed and shows step 2 again.
            press_button(page, "Forrige")
            expect(page.get_by_text("Trinn 2 av 6", exact=True)).to_be_visible()
            expect(page.get_by_label("Gruppens notater")).to_have_value(NOTES[2])
            press_button(page, "Neste")
            expect(page.get_by_label("Gruppens notater")).to_have_value(NOTES[3])
        press_button(page, "Lagre og se gjennom" if number == 6 else "Neste")

    expect(page.get_by_role("heading", name="De seks trinnene og konklusjonen")).to_be_visible()
    for text in (*NOTES.values(), CONCLUSION):
        expect(page.get_by_text(text)).to_be_visible()
    axe(page)
    press_button(page, "Merk som fullført")
    expect(page.get_by_text("Fullført", exact=True).first).to_be_visible()
    reflection = EthicalReflection.objects.get(case=case)
    assert reflection.status == ReflectionStatus.COMPLETED
    assert reflection.step_options == NOTES[5]
    screenshot(page, "ethics-review")

    page.goto(f"/cases/{case.pk}/")
    open_case_section(page, "Samlet vurdering")  # the ethical reflection is part of the combined judgment
    section = page.locator("#section-ethics")
    expect(section.get_by_role("heading", name="Etisk refleksjon")).to_be_visible()
    expect(section).to_contain_text(NOTES[4])
    expect(section).to_contain_text(CONCLUSION)
    expect(section).to_contain_text("6-trinnsmodellen")
    axe(page)

    page.goto(reverse("reports:saksframlegg", args=[case.pk]))
    report = page.locator("#section-ethics")
    expect(report).to_contain_text(NOTES[1])
    expect(report).to_contain_text(CONCLUSION)


def test_mini_hta_certainty_beside_the_alternative_and_the_etd_panel(page: Page, login_as: Callable[..., User]) -> None:
    leader = login_as(Role.LEADER, username="leder-kunnskap")
    case = service_case(leader)
    measure = case.alternatives.get(title=MEASURE)
    page.goto(f"/cases/{case.pk}/")
    page.get_by_role(
        "link", name="Kunnskapsgrunnlag: mini-metodevurdering og vurdering fra kunnskap til beslutning (EtD)"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kunnskapsgrunnlag")
    axe(page)
    page.get_by_role("link", name=f"Start en mini-metodevurdering – {MEASURE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Mini-metodevurdering: {MEASURE}")
    axe(page)

    page.get_by_label("Populasjon").fill("Innbyggere med lette psykiske plager og rusproblemer.")
    page.get_by_label("Sammenligning").fill("Dagens venteliste i oppfølgingsteamet.")
    page.get_by_label("Utfall").fill("Ventetid, funksjon, sykefravær.")
    page.get_by_role("textbox", name=re.compile(r"^Effekt ")).fill("Kortere ventetid og raskere hjelp.")
    certainty = page.get_by_role("group", name="Kunnskapsgrunnlagets sikkerhet").get_by_role("radio").first
    tab_to(page, certainty)
    page.keyboard.press("ArrowDown")  # Høy → Moderat
    expect(page.get_by_role("radio", name="Moderat")).to_be_checked()
    page.get_by_label("Konklusjon").fill("Anbefales innført med evaluering.")
    # Completing without required parts is refused with an error summary; here all are there.
    press_button(page, "Lagre og merk som fullført")
    expect(page.get_by_text("Mini-metodevurderingen er lagret og fullført.")).to_be_visible()
    assert MiniHta.objects.get(alternative=measure).status == Status.COMPLETED
    axe(page)
    screenshot(page, "evidence-mini-hta")

    page.goto(f"/cases/{case.pk}/")
    open_case_section(page, "Alternativer og vurderinger")
    alternative = page.locator(f"article:has(#alt-{measure.pk}-title)")
    note = alternative.get_by_role("link", name="Mini-metodevurdering: moderat sikkerhet")
    expect(note).to_be_visible()
    screenshot(page, "evidence-case-annotation")
    note.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Mini-metodevurdering: {MEASURE}")

    page.goto(reverse("evidence:etd_create", args=[case.pk]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny EtD-vurdering")
    # The certainty criterion starts from the mini-HTA.
    expect(page.locator("#criterion-certainty").get_by_label("Moderat", exact=True)).to_be_checked()
    axe(page)
    choices = {
        "priority": "Ja",
        "desirable_effects": "Store",
        "undesirable_effects": "Ubetydelige",
        "values": "Sannsynligvis ingen viktig usikkerhet eller variasjon",
        "balance": "Taler for tiltaket",
        "resources": "Ubetydelige kostnader og besparelser",
        "cost_effectiveness": "Taler sannsynligvis for tiltaket",
        "equity": "Sannsynligvis økt",
        "acceptability": "Sannsynligvis ja",
        "feasibility": "Ja",
    }
    for key, label in choices.items():
        page.locator(f"#criterion-{key}").get_by_label(label, exact=True).check()
    page.get_by_label("Betinget anbefaling for tiltaket").check()
    page.get_by_label("Begrunnelse").fill("Stor nytte uten nye ressurser; evalueres etter seks måneder.")
    press_button(page, "Lagre og merk som fullført")
    expect(page.get_by_text("EtD-vurderingen er lagret og fullført.")).to_be_visible()
    assert EvidenceToDecision.objects.get(case=case).status == Status.COMPLETED
    axe(page)
    screenshot(page, "evidence-etd")

    page.goto(reverse("reports:saksframlegg", args=[case.pk]))
    table = page.locator("#section-etd table")
    expect(table.get_by_role("row", name="Problemets prioritet")).to_contain_text("Ja")
    expect(page.locator("#section-etd")).to_contain_text("Betinget anbefaling for tiltaket")
    expect(page.locator("#section-evidence")).to_contain_text("Moderat")
    expect(page.locator("#section-evidence")).to_contain_text("Anbefales innført med evaluering.")
