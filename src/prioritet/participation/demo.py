"""Demo consultation rounds: a closed one on the demo's decided dementia case, and an open one.

The closed round's summary shows on the case page, in the saksframlegg and on the public page (the
public app publishes the decided demo cases). Idempotent: a case that has a demo round gets no other.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils import timezone

from prioritet.accounts.models import Municipality, User
from prioritet.cases.models import Alternative, AlternativeKind, Case, Level, Status

from . import services
from .models import Group, Round

CLOSED_CASE = "Vurdere å øke dagaktivitetstilbudet til personer med demens"
CLOSED_QUESTION = (
    "Kommunedirektøren foreslår å øke dagaktivitetstilbudet til hjemmeboende personer med demens i økonomiplanen. "
    "Hvor alvorlig ser dere behovet, og hvordan ser dere nytten og ressursbruken ved alternativene?"
)
OPEN_QUESTION = "Hvordan ser dere alternativene i saken? Vi ønsker særlig innspill fra brukere og pårørende."

#: (group, organisation, speaks for, input, severity of the need, views on the measure, views on doing nothing, why)
ANSWERS = [
    (
        Group.ELDERLY_COUNCIL,
        "Eldrerådet i Demo kommune",
        "Eldrerådet, enstemmig",
        "Eldrerådet støtter økningen. Mange pårørende er slitne, og tilbudet gir dem avlastning.",
        5,
        (5, 2),
        (1, 1),
        "Dagaktivitet gir mening i hverdagen og utsetter behovet for sykehjemsplass.",
    ),
    (
        Group.RELATIVES_ORGANISATION,
        "Nasjonalforeningen for folkehelsen, lokallag",
        "Pårørende til personer med demens",
        "Tilbudet må også ha åpent på ettermiddagen, så pårørende kan stå i jobb.",
        5,
        (4, 3),
        (None, None),
        "Uten tilbudet blir pårørende stående alene med et tungt omsorgsansvar.",
    ),
    (
        Group.UNION,
        "Fagforbundet, tillitsvalgte i helse og omsorg",
        "Tillitsvalgte",
        "Økningen må følges av faste stillinger, ikke bare ekstrahjelp.",
        4,
        (4, 3),
        (2, 2),
        "Bemanningen må planlegges før tilbudet utvides.",
    ),
]
PUBLIC_ANSWER = ("Pårørende", "Min mor har fått et bedre liv etter at hun begynte på dagsenteret.", 4, (5, None))


#: One answer's view of an alternative: benefit and resources (``None``: no view). Severity is the need's,
#: given once per answer.
Views = tuple[int | None, int | None]


def _data(
    severity: int | None,
    views_measure: Views,
    views_nothing: Views,
    why: str,
    measure: Alternative,
    nothing: Alternative,
    speaks_for: str,
    text: str,
) -> services.AnswerData:
    scores = {
        measure.pk: services.ScoreData(*views_measure, why=why),
        nothing.pk: services.ScoreData(*views_nothing),
    }
    return services.AnswerData(speaks_for=speaks_for, free_text=text, severity=severity, scores=scores)


def _closed_round(case: Case, opener) -> None:
    measure = case.alternatives.exclude(kind=AlternativeKind.NO_ACTION).order_by("id").first()
    nothing = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    round_, links = services.open_round(
        case,
        opener,
        question=CLOSED_QUESTION,
        deadline=timezone.now() + datetime.timedelta(days=1),
        public_enabled=True,
        invitations=[(group, label) for group, label, *_ in ANSWERS] + [(Group.YOUTH_COUNCIL, "Ungdomsrådet")],
    )
    for link, (_, _, speaks_for, text, severity, v_measure, v_nothing, why) in zip(links, ANSWERS, strict=False):
        data = _data(severity, v_measure, v_nothing, why, measure, nothing, speaks_for, text)
        services.answer_invitation(link.invitation, key=services.new_token(), data=data, submit=True)
    speaks_for, text, severity, views = PUBLIC_ANSWER
    public = _data(severity, views, (None, None), "", measure, nothing, speaks_for, text)
    services.answer_public(round_, key=services.new_token(), data=public, submit=True)
    # The consultation was held before the decision: its deadline lies in the past.
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(days=30))


def add_demo_rounds(municipality: Municipality, users: Mapping[str, User]) -> None:
    """One closed round with answers on the decided dementia case and one open round on an open service case."""
    director = users.get("demo-direktor")
    leader = users.get("demo-leder")
    closed_case = Case.objects.filter(municipality=municipality, title=CLOSED_CASE, level=Level.POLITICAL).first()
    if closed_case and director and not Round.objects.filter(case=closed_case).exists():
        _closed_round(closed_case, director)
    open_case = (
        Case.objects.filter(municipality=municipality, level=Level.SERVICE, status=Status.OPEN, archived=False)
        .order_by("id")
        .first()
    )
    if open_case and leader and not Round.objects.filter(case=open_case).exists():
        services.open_round(
            open_case,
            leader,
            question=OPEN_QUESTION,
            deadline=timezone.now() + datetime.timedelta(days=21),
            public_enabled=True,
            invitations=[
                (Group.USER_ORGANISATION, "Mental Helse, lokallag"),
                (Group.DISABILITY_COUNCIL, "Rådet for personer med funksjonsnedsettelse"),
                (Group.STAFF, "Ansattes representanter i hjemmetjenesten"),
            ],
        )
