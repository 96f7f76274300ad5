"""Budget questions (budsjettspørsmål): politicians ask on the plan, the administration assigns each to
someone who answers by a due date, a leader or the director approves, and an approved answer is
published on the municipality's public page and listed in the saksframlegg. Roles and tenants."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.budgetplan import selectors, services
from prioritet.budgetplan.models import BudgetQuestion, PlanMeasure, QuestionStatus
from prioritet.cases.models import Level
from prioritet.core.testing import CONTROLS, FNR

QUESTION = "Hva koster det å starte dagaktivitetstilbudet ett år tidligere, og hvem får plass?"
ANSWER = "Et år tidligere koster 1,2 millioner kroner i etablering; 30 personer med demens får plass."


@pytest.fixture
def plan(make_case, director):
    case = make_case(director, level=Level.POLITICAL, title="Økonomiplan 2027–2030", severity=None)
    plan = services.create_plan(case, director, 2027, 2030)
    PlanMeasure.objects.create(
        municipality=plan.municipality,
        plan=plan,
        code="dagaktivitet",
        name="Dagaktivitetstilbud",
        benefit=4,
        severity=4,
        resources=3,
        running={"cost_nok": 1_000_000.0},
        first={"cost_nok": 1_200_000.0},
        created_by=director,
    )
    return plan


@pytest.fixture
def caseworker_answers(user_factory):
    return user_factory(Role.CASEWORKER, username="radgiver", first_name="Rita", last_name="Rådgiver")


def _ask(plan, politician, title="Dagaktivitet"):
    return services.ask_question(plan, politician, title, QUESTION)


def _in_a_week():
    return timezone.localdate() + datetime.timedelta(days=7)


def test_a_question_goes_from_asked_to_published_through_the_pages(
    plan, politician, leader, director, caseworker_answers, login_client
):
    case = plan.case
    asking = login_client(politician)
    response = asking.post(
        reverse("budgetplan:question_create", args=[case.pk]), {"title": "Dagaktivitet", "question": QUESTION}
    )
    question = BudgetQuestion.objects.get(plan=plan)
    assert response.status_code == 302
    assert (question.number, question.status, question.created_by) == (1, QuestionStatus.ASKED, politician)
    url = reverse("budgetplan:question", args=[case.pk, question.pk])

    admin = login_client(leader)
    page = admin.get(url)
    assert page.context["assign_form"] is not None
    assert page.context["approve_form"] is None
    due = _in_a_week()
    response = admin.post(
        reverse("budgetplan:question_assign", args=[case.pk, question.pk]),
        {"version": question.version, "assignee": caseworker_answers.pk, "due_date": due.isoformat()},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.assignee, question.due_date, question.assigned_by) == (
        QuestionStatus.ASSIGNED,
        caseworker_answers,
        due,
        leader,
    )

    answering = login_client(caseworker_answers)
    assert answering.get(url).context["answer_form"] is not None
    response = answering.post(
        reverse("budgetplan:question_answer", args=[case.pk, question.pk]),
        {"version": question.version, "answer": ANSWER},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.answered_by) == (QuestionStatus.ANSWERED, caseworker_answers)

    response = login_client(director).post(
        reverse("budgetplan:question_approve", args=[case.pk, question.pk]), {"version": question.version}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.approved_by) == (QuestionStatus.APPROVED, director)
    # The saksframlegg carries the approved answer before it is published.
    report = login_client(director).get(reverse("reports:saksframlegg", args=[case.pk])).content.decode()
    assert "Dagaktivitet" in report
    assert ANSWER in report

    public = reverse("public:municipality", args=[plan.municipality.slug])
    assert ANSWER not in login_client(politician).get(public).content.decode()
    response = admin.post(
        reverse("budgetplan:question_publish", args=[case.pk, question.pk]), {"version": question.version}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.published
    assert question.published_by == leader
    from django.test import Client

    text = Client().get(public).content.decode()
    assert QUESTION in text
    assert ANSWER in text
    # The history keeps every step with who took it.
    steps = [(h.status, h.history_user_id) for h in question.history.order_by("history_date", "history_id")]
    assert steps == [
        (QuestionStatus.ASKED, politician.pk),
        (QuestionStatus.ASSIGNED, leader.pk),
        (QuestionStatus.ANSWERED, caseworker_answers.pk),
        (QuestionStatus.APPROVED, director.pk),
        (QuestionStatus.APPROVED, leader.pk),
    ]


def test_the_list_filters_by_status_and_marks_overdue_questions(
    plan, politician, leader, caseworker_answers, login_client
):
    first = _ask(plan, politician, "Først")
    late = _ask(plan, politician, "Sent svar")
    waiting = _ask(plan, politician, "Ikke fordelt")
    assert [q.number for q in (first, late, waiting)] == [1, 2, 3]
    services.assign_question(first, first.version, leader, caseworker_answers, _in_a_week())
    late = services.assign_question(late, late.version, leader, caseworker_answers, timezone.localdate())
    # The due date passes without an answer.
    BudgetQuestion.objects.filter(pk=late.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    client = login_client(politician)
    url = reverse("budgetplan:questions", args=[plan.case_id])

    def titles(status: str) -> list[str]:
        page = client.get(url, {"status": status})
        assert page.status_code == 200
        return [q.title for q, _overdue in page.context["rows"]]

    assert titles("") == ["Først", "Sent svar", "Ikke fordelt"]
    assert titles("asked") == ["Ikke fordelt"]
    assert titles("assigned") == ["Først", "Sent svar"]
    assert titles("overdue") == ["Sent svar"]
    assert titles("published") == []
    assert titles("nonsense") == titles("")
    page = client.get(url)
    assert [overdue for _q, overdue in page.context["rows"]] == [False, True, False]
    assert page.content.decode().count('<span class="ds-tag" data-color="danger">') == 1


@pytest.mark.parametrize("bad", [FNR, *(f"Spørsmål {char}" for char, _name in CONTROLS), "x" * 201])
def test_a_question_title_refuses_identity_numbers_control_characters_and_length(plan, politician, login_client, bad):
    client = login_client(politician)
    response = client.post(
        reverse("budgetplan:question_create", args=[plan.case_id]), {"title": bad, "question": "Hvorfor?"}
    )
    assert response.status_code == 400
    assert not BudgetQuestion.objects.exists()


def test_texts_refuse_identity_numbers_and_overlong_answers(plan, politician, leader, caseworker_answers, login_client):
    client = login_client(politician)
    url = reverse("budgetplan:question_create", args=[plan.case_id])
    assert client.post(url, {"title": "Hvem", "question": f"Gjelder {FNR}"}).status_code == 400
    assert client.post(url, {"title": "Lang", "question": "x" * 4_001}).status_code == 400
    question = _ask(plan, politician)
    question = services.assign_question(question, question.version, leader, caseworker_answers, _in_a_week())
    answering = login_client(caseworker_answers)
    answer_url = reverse("budgetplan:question_answer", args=[plan.case_id, question.pk])
    for bad in (f"Søkeren {FNR} får plass.", "Svar\x1b", "x" * 10_001):
        assert answering.post(answer_url, {"version": question.version, "answer": bad}).status_code == 400
    with pytest.raises(ValidationError):
        services.answer_question(question, question.version, caseworker_answers, f"Søkeren {FNR}")
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED
    assert question.answer == ""


def test_each_step_belongs_to_its_role(
    plan, politician, leader, director, caseworker, caseworker_answers, municipal_admin, login_client
):
    case = plan.case
    # Only politicians ask.
    for user in (leader, director, caseworker, municipal_admin):
        assert login_client(user).get(reverse("budgetplan:question_create", args=[case.pk])).status_code == 403
        with pytest.raises(PermissionDenied):
            _ask(plan, user)
    question = _ask(plan, politician)
    assign = reverse("budgetplan:question_assign", args=[case.pk, question.pk])
    post = {"version": question.version, "assignee": caseworker_answers.pk, "due_date": _in_a_week().isoformat()}
    # The administration (leaders, the director) assigns; not the politician or a caseworker.
    for user in (politician, caseworker):
        assert login_client(user).post(assign, post).status_code == 403
    # A politician cannot be given a question to answer; a due date in the past is refused.
    assert login_client(leader).post(assign, {**post, "assignee": politician.pk}).status_code == 400
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    assert login_client(leader).post(assign, {**post, "due_date": yesterday}).status_code == 400
    question = services.assign_question(question, question.version, leader, caseworker_answers, _in_a_week())
    # Only the assigned person answers.
    answer = reverse("budgetplan:question_answer", args=[case.pk, question.pk])
    for user in (caseworker, leader, politician):
        assert login_client(user).post(answer, {"version": question.version, "answer": ANSWER}).status_code == 403
    # Nothing to approve before the answer.
    approve = reverse("budgetplan:question_approve", args=[case.pk, question.pk])
    assert login_client(director).post(approve, {"version": question.version}).status_code == 403
    question = services.answer_question(question, question.version, caseworker_answers, ANSWER)
    # The answerer, a caseworker and the politician do not approve; nothing is published unapproved.
    for user in (caseworker_answers, caseworker, politician):
        assert login_client(user).post(approve, {"version": question.version}).status_code == 403
    publish = reverse("budgetplan:question_publish", args=[case.pk, question.pk])
    assert login_client(leader).post(publish, {"version": question.version}).status_code == 403
    question = services.approve_answer(question, question.version, director)
    assert login_client(politician).post(publish, {"version": question.version}).status_code == 403
    # Approved: the answer is not changed any more, nor reassigned.
    assert (
        login_client(caseworker_answers).post(answer, {"version": question.version, "answer": "Nytt"}).status_code
        == 403
    )
    assert login_client(leader).post(assign, {**post, "version": question.version}).status_code == 403
    question.refresh_from_db()
    assert (question.answer, question.published) == (ANSWER, False)


def test_a_director_does_not_approve_an_answer_of_their_own(plan, politician, leader, director):
    question = _ask(plan, politician)
    question = services.assign_question(question, question.version, leader, director, _in_a_week())
    question = services.answer_question(question, question.version, director, ANSWER)
    with pytest.raises(PermissionDenied):
        services.approve_answer(question, question.version, director)
    assert services.approve_answer(question, question.version, leader).status == QuestionStatus.APPROVED


def test_a_stale_version_is_not_saved_over_a_newer_answer(plan, politician, leader, caseworker_answers, login_client):
    question = _ask(plan, politician)
    question = services.assign_question(question, question.version, leader, caseworker_answers, _in_a_week())
    seen = question.version
    services.answer_question(question, seen, caseworker_answers, ANSWER)
    response = login_client(caseworker_answers).post(
        reverse("budgetplan:question_answer", args=[plan.case_id, question.pk]), {"version": seen, "answer": "Eldre"}
    )
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.answer == ANSWER


def test_another_municipality_sees_and_changes_nothing(
    plan, politician, leader, caseworker_answers, other_municipality, user_factory, login_client
):
    question = _ask(plan, politician)
    question = services.assign_question(question, question.version, leader, caseworker_answers, _in_a_week())
    question = services.answer_question(question, question.version, caseworker_answers, ANSWER)
    question = services.approve_answer(question, question.version, leader)
    case = plan.case
    for role in (Role.POLITICIAN, Role.LEADER, Role.DIRECTOR, Role.CASEWORKER):
        stranger = user_factory(role, municipality=other_municipality, username=f"b-{role}")
        client = login_client(stranger)
        assert client.get(reverse("budgetplan:questions", args=[case.pk])).status_code == 404
        assert client.get(reverse("budgetplan:question", args=[case.pk, question.pk])).status_code == 404
        for name in ("question_assign", "question_answer", "question_approve", "question_publish"):
            url = reverse(f"budgetplan:{name}", args=[case.pk, question.pk])
            assert client.post(url, {"version": question.version, "answer": "x"}).status_code == 404
        with pytest.raises(PermissionDenied):
            services.publish_answer(question, question.version, stranger)
    # Their own assignee cannot be given this municipality's question.
    other_staff = user_factory(Role.CASEWORKER, municipality=other_municipality, username="b-staff")
    fresh = _ask(plan, politician, "Ny")
    with pytest.raises(ValidationError):
        services.assign_question(fresh, fresh.version, leader, other_staff, _in_a_week())
    question.refresh_from_db()
    assert not question.published
    # Their public page lists nothing of it, once published.
    services.publish_answer(question, question.version, leader)
    assert selectors.public_listing(other_municipality) is None
    assert selectors.public_listing(plan.municipality) == {"questions": [question]}


def test_a_politician_asks_for_their_own_party_group_only(plan, politician, user_factory, municipal_admin):
    other = user_factory(Role.POLITICIAN, username="annen")
    own = services.save_party_group(plan.municipality, municipal_admin, "Venstre", [politician])
    foreign = services.save_party_group(plan.municipality, municipal_admin, "Rødt", [other])
    asked = services.ask_question(plan, politician, "For partiet", QUESTION, own)
    assert asked.party_group == own
    with pytest.raises(ValidationError):
        services.ask_question(plan, politician, "For et annet parti", QUESTION, foreign)


def test_the_person_who_answers_sees_the_question_and_its_due_date_on_the_home_page(
    plan, politician, leader, caseworker, caseworker_answers
):
    from prioritet.core.home import panels_for

    today = timezone.localdate()
    question = _ask(plan, politician)
    assert "budget_questions" not in [p.key for p in panels_for(caseworker_answers, today)]
    question = services.assign_question(question, question.version, leader, caseworker_answers, _in_a_week())
    panel = next(p for p in panels_for(caseworker_answers, today) if p.key == "budget_questions")
    assert [(item.label, item.due) for item in panel.items] == [("Dagaktivitet", _in_a_week())]
    assert panel.items[0].url == reverse("budgetplan:question", args=[plan.case_id, question.pk])
    for other in (caseworker, leader, politician):
        assert "budget_questions" not in [p.key for p in panels_for(other, today)]
    services.answer_question(question, question.version, caseworker_answers, ANSWER)
    assert "budget_questions" not in [p.key for p in panels_for(caseworker_answers, today)]
