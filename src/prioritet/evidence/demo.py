"""Demo content: a mini-HTA and an EtD panel on the seed's political case (day activities for dementia).

The texts are written for the demo from the seed table (001) and the law; they cite no study.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from prioritet.accounts.models import Municipality, User
from prioritet.cases.models import AlternativeKind, Case

from . import services
from .models import EvidenceToDecision, MiniHta

CASE_TITLE = "Vurdere å øke dagaktivitetstilbudet til personer med demens"
MEASURE_TITLE = "Øke dagaktivitetstilbudet"

MINI_HTA = {
    "population": "Hjemmeboende personer med demens i kommunen som står på venteliste til dagaktivitetstilbud, "
    "og deres pårørende.",
    "intervention": "Flere plasser og utvidet åpningstid i det tilrettelagte dagaktivitetstilbudet.",
    "comparison": "Dagens tilbud med venteliste (ikke starte, utsette).",
    "outcomes": "Livskvalitet, funksjon og mestring i hverdagen, pårørendebelastning, tid til sykehjemsplass.",
    "literature": "Søk i Helsebiblioteket og i Helsedirektoratets nasjonale faglige retningslinje om demens; "
    "erfaringer fra nabokommuner og fra kommunens eget tilbud. (Demodata: ingen studier er gjengitt.)",
    "effect": "Erfaringer tyder på bedre livskvalitet og mindre pårørendebelastning, og at behovet for "
    "sykehjemsplass kan utsettes. Effekten på tid til sykehjem er usikker.",
    "safety": "Ingen kjente skadevirkninger. Transport og overganger kan gi uro for noen; tilbudet må tilpasses.",
    "certainty": "low",
    "certainty_rationale": "Få og små studier, ulike tilbud og utfallsmål; resultatene kan endre seg med ny kunnskap.",
    "costs": "To nye grupper: om lag to årsverk, lokaler og transport. Moderat til liten kostnad sammenlignet med "
    "tidligere behov for sykehjemsplass.",
    "organisation": "Krever lokaler, rekruttering av to årsverk og samarbeid med hjemmetjenesten og "
    "demensteamet om tildeling og transport.",
    "ethics": "Likeverdig tilgang: ventelisten rammer dem som har minst nettverk hardest.",
    "legal": "Kommunen skal tilby dagaktivitetstilbud til hjemmeboende personer med demens "
    "(helse- og omsorgstjenesteloven § 3-7 a).",
    "user_perspective": "Brukerrådet og pårørendeskolen etterspør flere plasser og lengre åpningstid.",
    "conclusion": "Tiltaket har trolig stor nytte for personer med demens og pårørende, men kunnskapsgrunnlaget har "
    "lav sikkerhet. Anbefales innført med oppfølging av ventetid og pårørendebelastning.",
    "authors": "Demenskoordinator, enhetsleder for dagaktivitet, rådgiver i kommunalområdet",
}

JUDGEMENTS = {
    "priority": ("yes", "Ventelisten vokser, og antallet personer med demens øker.", ""),
    "desirable_effects": ("moderate", "Bedre livskvalitet og mindre pårørendebelastning.", ""),
    "undesirable_effects": ("trivial", "Ingen kjente skadevirkninger.", ""),
    "certainty": ("low", "Se mini-metodevurderingen.", ""),
    "values": ("probably_no_important", "", "Brukerrådet og pårørende vektlegger livskvalitet og avlastning."),
    "balance": ("probably_favours_option", "", ""),
    "resources": ("moderate_costs", "Om lag to årsverk, lokaler og transport.", ""),
    "cost_effectiveness": ("probably_favours_option", "", "Kan utsette dyrere sykehjemsplasser."),
    "equity": ("probably_increased", "", "Kortere venteliste gir likere tilgang."),
    "acceptability": ("yes", "", "Bred støtte i brukerrådet og blant ansatte."),
    "feasibility": ("probably_yes", "", "Lokaler må avklares; rekruttering er mulig."),
}


def add_demo_evidence(municipality: Municipality, users: Mapping[str, User]) -> None:
    case = Case.objects.filter(municipality=municipality, title=CASE_TITLE).first()
    if case is None or case.is_decided:
        return
    measure = case.alternatives.filter(title=MEASURE_TITLE).first()
    no_action = case.alternatives.filter(kind=AlternativeKind.NO_ACTION).first()
    if measure is None or no_action is None:
        return
    author = users["demo-direktor"]
    if not MiniHta.objects.filter(alternative=measure).exists():
        data = MINI_HTA | {"assessed_on": datetime.date(2025, 9, 15)}
        services.save_mini_hta(measure, author, None, data, complete=True)
    if not EvidenceToDecision.objects.filter(case=case).exists():
        services.save_etd(
            case,
            author,
            None,
            None,
            {
                "option": measure,
                "comparison": no_action,
                "question": "Bør kommunen øke dagaktivitetstilbudet for hjemmeboende personer med demens i "
                "økonomiplanperioden? Kommunens perspektiv.",
                "decision_type": "conditional_for",
                "justification": "Problemet er prioritert, nytten er trolig stor og kostnaden moderat. "
                "Kunnskapsgrunnlaget har lav sikkerhet, derfor en betinget anbefaling med oppfølging.",
                "implementation": "Trinnvis opptrapping med én ny gruppe per år.",
                "monitoring": "Ventetid, antall brukere og pårørendebelastning rapporteres i årsmeldingen.",
            },
            {
                key: {"judgement": j, "research_evidence": evidence, "additional_considerations": more}
                for key, (j, evidence, more) in JUDGEMENTS.items()
            },
            complete=True,
        )
