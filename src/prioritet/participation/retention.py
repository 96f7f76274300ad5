"""The participation app's retention rule: consultation answers, some time after the round closed.

The answers' texts (the input, who it speaks for, the reason for the need's severity, the reasons per
alternative) are blanked and their
history deleted; the scores stay, so the round's summary and the case's report keep their figures.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from prioritet.core.retention import Action, Outcome, Rule

from .models import InvitationEmail, Response, ResponseScore, Round


def anonymise_answers(cutoff: dt.datetime) -> list[Outcome]:
    closed = Round.objects.filter(models.Q(deadline__lt=cutoff) | models.Q(closed_early_at__lt=cutoff))
    answers = Response.objects.filter(round__in=closed)
    with_text = answers.filter(
        models.Q(free_text__gt="")
        | models.Q(speaks_for__gt="")
        | models.Q(severity_why__gt="")
        | models.Q(scores__why__gt="")
    ).distinct()
    counts = with_text.values_list("round__municipality_id").annotate(n=models.Count("id", distinct=True)).order_by()
    outcomes = [Outcome(municipality, n) for municipality, n in counts]
    ResponseScore.history.filter(response_id__in=answers.values("id")).delete()
    Response.history.filter(id__in=answers.values("id")).delete()
    ResponseScore.objects.filter(response__in=answers).update(why="")
    answers.update(free_text="", speaks_for="", severity_why="")
    # The addresses the invitations were e-mailed to go with the texts; the record of the send stays.
    InvitationEmail.objects.filter(invitation__round__in=closed).exclude(address="").update(address="")
    return outcomes


#: Declared in the app's extension (its AppConfig).
RULES = [
    Rule(
        "consultation_answers",
        Action.ANONYMISE,
        "answers to consultation rounds closed more than {days} days ago: texts blanked, history deleted; "
        "the addresses invitations were e-mailed to blanked",
        anonymise_answers,
    )
]
