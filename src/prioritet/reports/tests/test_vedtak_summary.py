"""The decision-support summary for the vedtak: its parts, no personal data, the page, the download, the log."""

from __future__ import annotations

import html

from django.urls import reverse

from prioritet.cases import services
from prioritet.cases.models import CaseAccess
from prioritet.cases.testing import assess, on_team
from prioritet.reports import selectors
from prioritet.reports.summary import shorten, vedtak_summary

from .conftest import ASSESSOR_NAMES


def summary(case) -> str:
    return vedtak_summary(selectors.report(case))


def test_the_summary_has_every_required_part(individual_case):
    text = summary(individual_case)
    expected = [
        "BESLUTNINGSSTØTTE – OPPSUMMERING TIL VEDTAKET",
        "Saksreferanse: SAK-2025-0412",
        # The alternatives considered, each on the three criteria with short reasons.
        "Vurderte alternativer",
        "Rehabiliteringsopphold i institusjon",
        "Rehabiliteringsteam i hjemmet (valgt)",
        "Ikke starte, utsette eller avslutte",
        "   Alvorlighet: 4 – høy. Høy – kan få varig nedsatt funksjon uten oppfølging.",
        "   Nytte: 4 – stor. Stor – personen kan bli selvhjulpen og utsette behov for varig hjelp.",
        "   Ressurs: 3 – moderat. Moderat ved hjemmerehabilitering.",
        "   Ressurs: 4 – mye. Høy ved institusjon.",
        # The combined judgment.
        "Samlet vurdering",
        "Nytte, ressurs og alvorlighet er vurdert samlet med kommunens vekter (versjon 1:",
        "- Rehabiliteringsteam i hjemmet: Forslag nr. 1 (verdi 0,67): høy prioritet. Valgt, med høy prioritet.",
        "Rekkefølgen er verktøyets forslag; saksbehandleren konkluderer.",
        # The decision and why.
        "Valgt alternativ: Rehabiliteringsteam i hjemmet (høy prioritet).",
        "Begrunnelse: Bør prioritere rehabiliteringsteam i hjemmet: samme nytte med færre ressurser.",
        # Forsvarlighet.
        "Forsvarlighet",
        "Det valgte alternativet reduserer ikke ressursene eller kvaliteten i et tjenestetilbud.",
        # The reassessment date and the guideline.
        "Revurdering: innen ",
        "Grunnlag: Helsedirektoratet: Nasjonal veileder for prioriteringer i kommunale helse- og "
        "omsorgstjenester (2025); Meld. St. 38 (2020–2021) Nytte, ressurs og alvorlighet; "
        "Helse- og omsorgstjenesteloven § 4-1.",
    ]
    for part in expected:
        assert part in text, part
    decision = individual_case.decisions.get()
    assert decision.reassessment_due.strftime("%d.%m.%Y") in text
    # Every individual case answers the children question; here no child is affected, also as a relative.
    assert "Barnets beste\nIngen barn berøres av vedtaket, heller ikke som pårørende." in text
    assert "UTKAST" not in text


def test_the_summary_has_no_personal_data_and_no_assessor_names(individual_case, assessor_caseworker, health_personnel):
    text = summary(individual_case)
    for name in ASSESSOR_NAMES:
        assert name not in text
    for user in (assessor_caseworker, health_personnel):
        assert user.get_username() not in text
        assert user.get_full_name() not in text
    # The case title and description are left out: only the pseudonymous reference identifies the case.
    assert individual_case.title not in text


def test_the_childs_best_interest_is_included_when_a_child_is_affected(child_case):
    text = summary(child_case)
    assert "Barnets beste\nSaken berører barn. Barnets beste er vurdert som et grunnleggende hensyn:" in text
    assert "Barnet får en stabil hverdag hjemme; avlastningen er tilpasset barnets rutiner." in text
    assert "Valgt alternativ: Avlastning to helger i måneden (middels prioritet)." in text


def test_a_reduction_is_stated_with_the_confirmation(assessor_caseworker):
    from .conftest import decide

    case = services.create_case(
        assessor_caseworker.municipality,
        assessor_caseworker,
        no_action_consequence="Brukeren klarer seg med dagens hjelp.",
        level="individual",
        title="Søknad om økt hjemmehjelp",
        case_reference="SAK-2025-1200",
        severity=2,
    )
    from prioritet.cases.models import AlternativeKind

    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    more = services.add_alternative(case, assessor_caseworker, title="Hjemmehjelp hver uke")
    assess(no_action, assessor_caseworker, 3, 1)
    assess(more, assessor_caseworker, 2, 3)
    decide(
        case,
        assessor_caseworker,
        no_action,
        priority="low",
        justification="Dagens hjelp dekker behovet.",
        departure_reason="Brukeren ønsker å vente.",
        forsvarlighet_confirmed=True,
        forsvarlighet_justification="Hjemmehjelp annenhver uke er tilstrekkelig etter kartlegging.",
    )
    text = summary(case)
    assert "Den som avgjorde saken, har bekreftet at tjenestene fortsatt er forsvarlige" in text
    assert "Hjemmehjelp annenhver uke er tilstrekkelig etter kartlegging." in text
    # «No action» is the reference: chosen, but never ranked and never given a priority.
    assert "Valgt alternativ: Ikke starte, utsette eller avslutte." in text
    assert "Referanse (ikke rangert): Ikke starte, utsette eller avslutte. Konsekvens: Brukeren klarer seg" in text
    assert "- Hjemmehjelp hver uke: Forslag nr. 1" in text
    assert "- Ikke starte" not in text
    assert "lav prioritet" not in text
    report = selectors.report(case)
    assert report.conclusion == "Konklusjon: «Ikke starte, utsette eller avslutte» er valgt."


def test_an_undecided_case_gives_a_marked_draft(assessor_caseworker):
    case = services.create_case(
        assessor_caseworker.municipality,
        assessor_caseworker,
        no_action_consequence="Uendret.",
        level="individual",
        title="Søknad om trygghetsalarm",
    )
    alt = services.add_alternative(case, assessor_caseworker, title="Trygghetsalarm")
    assess(alt, assessor_caseworker, 3, 1, why_b="Moderat – økt trygghet.")
    text = summary(case)
    assert text.startswith("BESLUTNINGSSTØTTE – OPPSUMMERING TIL VEDTAKET\nUTKAST: saken er ikke avgjort ennå.")
    assert "Saksreferanse: (ikke oppgitt)" in text
    assert "Ikke avgjort ennå." in text
    assert "Revurdering: ikke fastsatt ennå." in text
    assert "   Ikke vurdert." in text  # the no-action alternative nobody has assessed


def test_reasons_are_kept_short():
    long = "Ord " * 200
    short = shorten(long)
    assert len(short) <= 280
    assert short.endswith("…")
    assert not short.endswith(" …")
    assert shorten("  Kort\n grunn. ") == "Kort grunn."


def test_the_page_shows_the_text_in_a_textarea_and_logs_the_read(individual_case, assessor_caseworker, login_client):
    client = login_client(assessor_caseworker)
    response = client.get(reverse("reports:vedtak_summary", args=[individual_case.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert '<textarea class="ds-input pri-summary__text" id="summary-text" rows="28" readonly' in content
    assert html.escape(summary(individual_case), quote=True).split("\n")[2] in content
    assert reverse("reports:vedtak_summary_txt", args=[individual_case.pk]) in content
    access = CaseAccess.objects.get()
    assert (access.case, access.user, access.page) == (individual_case, assessor_caseworker, "vedtak_summary")
    assert access.municipality == individual_case.municipality


def test_the_text_download(individual_case, assessor_caseworker, login_client):
    response = login_client(assessor_caseworker).get(reverse("reports:vedtak_summary_txt", args=[individual_case.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="beslutningsstotte-sak-{individual_case.pk}.txt"'
    assert response.content.decode("utf-8") == summary(individual_case)
    assert CaseAccess.objects.get().page == "vedtak_summary_txt"


def test_every_read_is_logged(individual_case, assessor_caseworker, user_factory, login_client):
    from prioritet.accounts.models import Role

    leader = user_factory(Role.LEADER, username="leder-logg")
    on_team(individual_case, leader)
    login_client(assessor_caseworker).get(reverse("reports:vedtak_summary", args=[individual_case.pk]))
    login_client(leader).get(reverse("reports:vedtak_summary_txt", args=[individual_case.pk]))
    login_client(leader).get(reverse("reports:vedtak_summary", args=[individual_case.pk]))
    assert CaseAccess.objects.filter(case=individual_case).count() == 3
    assert CaseAccess.objects.filter(user=leader).count() == 2


def test_the_summary_quotes_the_persons_and_the_relatives_voice(assessor_caseworker, area):
    """Issue 13 §4: what matters to the person, their view per alternative and the relatives' view and burden."""
    from prioritet.cases import voice
    from prioritet.cases.models import Level

    from .conftest import decide

    case = services.create_case(
        assessor_caseworker.municipality,
        assessor_caseworker,
        no_action_consequence="Kan få varig nedsatt funksjon.",
        level=Level.INDIVIDUAL,
        title="Søknad om rehabilitering",
        case_reference="SAK-2025-0413",
        severity=4,
    )
    home = services.add_alternative(case, assessor_caseworker, title="Rehabiliteringsteam i hjemmet")
    assess(home, assessor_caseworker, 4, 3)
    voice.save_voice(
        case,
        assessor_caseworker,
        None,
        {
            "what_matters": "Å komme hjem og gå tur med hunden.",
            "relatives_view": "Datteren støtter hjemmerehabilitering.",
            "relatives_burden": "Datteren kan hjelpe i helgene, ikke daglig.",
            "children": "affected",
            "children_assessment": "Barnebarnet på 9 år bor i huset og trenger ro.",
        },
        {home.pk: "Trygt å trene hjemme."},
    )
    text = summary(case)
    assert "Personens og pårørendes stemme\nHva som er viktig for personen: «Å komme hjem og gå tur" in text
    assert "Pårørendes syn: Datteren støtter hjemmerehabilitering." in text
    assert "Belastningen på pårørende: Datteren kan hjelpe i helgene, ikke daglig." in text
    assert "2. Rehabiliteringsteam i hjemmet\n   Personens syn: «Trygt å trene hjemme.»" in text
    assert "Saken berører barn, også som pårørende. Slik er barnas beste vurdert: Barnebarnet på 9 år" in text
    decide(case, assessor_caseworker, home, child_best_interest="Barnebarnet får ro; teamet kommer på dagtid.")
    text = summary(case)
    assert "Barnets beste er vurdert som et grunnleggende hensyn: Barnebarnet får ro; teamet kommer på dagtid." in text
