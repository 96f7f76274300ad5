"""Demo content: a completed ethical reflection on the seed's hip-fracture case (seed 001)."""

from __future__ import annotations

from collections.abc import Mapping

from prioritet.accounts.models import Municipality, User
from prioritet.cases.models import Case

from . import services
from .models import EthicalReflection

CASE_TITLE = "Person på 75 år med lårhalsbrudd søker om rehabiliteringsopphold"
TITLE = "Hjemmerehabilitering når personen selv ønsker institusjon?"

NOTES = {
    1: (
        "Søkeren ønsker rehabiliteringsopphold i institusjon og sier hun føler seg utrygg hjemme. Vurderingen "
        "tilsier at rehabiliteringsteam i hjemmet gir samme nytte med færre ressurser. Bør vi tilby "
        "hjemmerehabilitering selv om søkeren ønsker institusjon?"
    ),
    2: (
        "Operert lårhalsbrudd, bor alene, var selvhjulpen før bruddet. Fysioterapeut vurderer god "
        "rehabiliteringsprognose. Rehabiliteringsteamet har kapasitet innen en uke; institusjonen har ventetid "
        "på tre uker. Vi vet ikke hvor mye av utryggheten som skyldes fallangst."
    ),
    3: (
        "Søkeren: vil føle seg trygg og bli selvhjulpen igjen. Pårørende (datter i en annen by): bekymret for "
        "at mor faller igjen. Rehabiliteringsteamet: mener trening i eget hjem gir best overføring til "
        "hverdagen. Andre søkere på venteliste til institusjonsplass. Kommunen: forsvarlig bruk av ressursene."
    ),
    4: (
        "Selvbestemmelse og retten til å medvirke (pasient- og brukerrettighetsloven § 3-1), velgjørenhet og "
        "ikke skade, rettferdig fordeling (like tilfeller behandles likt), forsvarlighet "
        "(helse- og omsorgstjenesteloven § 4-1) og prioriteringskriteriene nytte, ressurs og alvorlighet."
    ),
    5: (
        "A: Rehabiliteringsopphold i institusjon som søkeren ønsker. B: Rehabiliteringsteam i hjemmet. "
        "C: Rehabiliteringsteam i hjemmet med trygghetsalarm, ekstra besøk første uke og avtalt revurdering "
        "etter to uker."
    ),
    6: (
        "Alternativ C ivaretar både nytten av trening i eget hjem og søkerens behov for trygghet. Det "
        "respekterer selvbestemmelsen ved at søkeren får medvirke i planen og kan be om revurdering, og det "
        "bruker ressursene slik at andre på ventelisten også får tilbud."
    ),
}
CONCLUSION = (
    "Gruppen anbefaler hjemmerehabilitering med trygghetstiltak (alternativ C). Søkerens bekymring tas på "
    "alvor gjennom trygghetsalarm, ekstra besøk og en avtalt revurdering."
)
FOLLOW_UP = "Saksbehandler tar samtale med søkeren om planen. Teamet revurderer etter to uker."
PARTICIPANTS = "Saksbehandler ved tildelingskontoret, fysioterapeut i rehabiliteringsteamet, avdelingsleder"


def add_demo_reflection(municipality: Municipality, users: Mapping[str, User]) -> None:
    case = Case.objects.filter(municipality=municipality, title=CASE_TITLE).first()
    if case is None or case.is_decided or EthicalReflection.objects.filter(case=case, title=TITLE).exists():
        return
    author = users["demo-saksbehandler"]
    reflection = services.start(case, author, title=TITLE, participants=PARTICIPANTS)
    for number, text in NOTES.items():
        data = {services.STEP_FIELDS[number][0]: text}
        if number == 6:
            data |= {"conclusion": CONCLUSION, "follow_up": FOLLOW_UP}
        reflection = services.save_step(reflection, author, reflection.version, number, data)
    services.complete(reflection, author, reflection.version)
