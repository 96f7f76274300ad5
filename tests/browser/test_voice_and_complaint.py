"""Issue 13 §4–§5 in the browser: the person's voice and the children question before a decision, the
vedtak's downloads, and a late complaint that reopens the case and is sent on to Statsforvalteren.

Every page on the way is checked with axe (serious or critical violations fail).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_service_area
from prioritet.cases.models import Complaint, Decision

from .helpers import axe, open_case_section, screenshot
from .seed import HOME_TEAM, INSTITUTION, individual_case


def _decide(page: Page, pk: int) -> None:
    page.goto(f"/cases/{pk}/decide/")
    expect(page.get_by_label("Vurdering av barnets beste")).to_have_value(
        "Barnebarnet på 9 år bor i huset; teamet kommer på dagtid."
    )
    page.get_by_label("Begrunnelse", exact=True).fill("Samme nytte med færre ressurser.")
    page.get_by_label("Revurderes innen").fill((timezone.localdate() + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Registrer beslutningen").click()
    expect(page.get_by_role("status").first).to_contain_text("Beslutningen er registrert.")


def test_voice_then_decision_then_a_late_complaint(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User], municipality: Municipality
) -> None:
    make_service_area(municipality, "Rehabilitering")
    caseworker = user_factory(Role.CASEWORKER, username="ingrid", first_name="Ingrid", last_name="Berg")
    case = individual_case(caseworker)
    login_as(caseworker)

    # The decision page refuses while the children question is unanswered, in Norwegian.
    page.goto(f"/cases/{case.pk}/decide/")
    page.get_by_label("Begrunnelse", exact=True).fill("Samme nytte med færre ressurser.")
    page.get_by_label("Revurderes innen").fill((timezone.localdate() + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Registrer beslutningen").click()
    expect(page.get_by_role("alert").filter(has_text="Svar på spørsmålet om barn")).to_be_visible()
    assert not Decision.objects.exists()

    # The person's voice: what matters, the view of each alternative, the relatives, the children.
    page.goto(f"/cases/{case.pk}/")
    open_case_section(page, "Samlet vurdering")
    page.get_by_role("link", name="Registrer personens stemme og spørsmålet om barn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Personens og pårørendes stemme")
    axe(page)
    page.get_by_label("Hva er viktig for personen").fill("Å klare meg selv hjemme og gå tur med hunden.")
    page.get_by_label(f"Personens syn på «{HOME_TEAM}»").fill("Trygt å trene hjemme.")
    page.get_by_label(f"Personens syn på «{INSTITUTION}»").fill("Vil ikke på institusjon igjen.")
    page.get_by_label("Belastningen på pårørende").fill("Datteren kan hjelpe i helgene.")
    children = page.get_by_role("group", name="Berører vedtaket barn, også som pårørende til personen?")
    children.get_by_label("Ett eller flere barn berøres (også som pårørende)", exact=True).check()
    page.get_by_role("button", name="Lagre").click()
    # Children affected need their assessment: refused, the field named.
    expect(page.locator(".ds-error-summary")).to_contain_text("si hvordan deres beste er vurdert")
    page.get_by_label("Hvordan er barnas beste vurdert?").fill(
        "Barnebarnet på 9 år bor i huset; teamet kommer på dagtid."
    )
    page.get_by_role("button", name="Lagre").click()
    voice = page.get_by_test_id("voice")
    expect(voice).to_contain_text("«Å klare meg selv hjemme og gå tur med hunden.»")
    expect(page.get_by_test_id("person-view").first).to_be_visible()
    expect(page.get_by_role("region", name="Samlet vurdering")).to_contain_text("«Trygt å trene hjemme.»")
    screenshot(page, "voice-judgment")

    # Decided on the page: the children's assessment is prefilled from the answer. Then made forty days old.
    _decide(page, case.pk)
    Decision.objects.filter(case=case).update(decided_at=timezone.now() - datetime.timedelta(days=40))

    # The vedtak: the summary names the complaint deadline; the letter and the JSON are offered.
    page.goto(f"/cases/{case.pk}/report/vedtak/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("#summary-text")).to_contain_text("Klagefristen er 3 uker")
    expect(page.get_by_role("link", name="Vedtaksbrevet som PDF")).to_be_visible()
    expect(page.get_by_role("link", name="Til fagsystemet (.json)")).to_be_visible()
    axe(page)

    # A complaint received today, forty days after the decision: late, flagged, and the case reopens.
    page.goto(f"/cases/{case.pk}/")
    open_case_section(page, "Beslutning")
    page.get_by_role("link", name="Registrer en klage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrer en klage")
    axe(page)
    page.get_by_label("Klagen mottatt").fill(timezone.localdate().isoformat())
    page.get_by_label("Hva klagen sier").fill("Ønsker institusjonsopphold likevel.")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("status").first).to_contain_text("Klagen er registrert, og den er for sen.")
    expect(page.get_by_test_id("complaint-late")).to_be_visible()
    screenshot(page, "complaint-late")
    complaint = Complaint.objects.get()
    assert complaint.is_late
    assert complaint.reassessment is not None

    # The unit decides again, keeps its decision and sends the complaint on; the result comes later.
    _decide(page, case.pk)
    page.goto(f"/cases/{case.pk}/complaints/{complaint.pk}/unit/")
    axe(page)
    page.get_by_role("group", name="Enhetens resultat").get_by_label(
        "Ikke tatt til følge: sendt videre til Statsforvalteren", exact=True
    ).check()
    page.get_by_label("Sendt til Statsforvalteren").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_test_id("complaint")).to_contain_text("Venter på Statsforvalteren.")
    page.get_by_role("link", name="Registrer Statsforvalterens resultat").click()
    axe(page)
    page.get_by_role("group", name="Statsforvalterens resultat").get_by_label("Delvis medhold", exact=True).check()
    page.get_by_label("Statsforvalteren avgjorde").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_test_id("complaint")).to_contain_text("Delvis medhold")
    axe(page)
    complaint.refresh_from_db()
    assert (complaint.unit_outcome, complaint.appeal_result) == ("forwarded", "partly")
