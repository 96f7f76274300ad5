"""Import: the preview shows every problem by row and column and saves nothing; a sound file saves all."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from prioritet.core import audit
from prioritet.core.records import TaskStatus
from prioritet.portfolio import imports, services
from prioritet.portfolio.models import Measure, MeasureAmount, MeasureImport, MeasureKind, ResourceColumn
from prioritet.tabular.testing import measure_rows, padded_workbook, workbook_bytes

from .conftest import DEMO_FILE, csv_file

SOUND = [
    "a;Forsvarlig bemanning;3;5;4;1 500 000;2,5;ja;;",
    "b;Institusjon;4;4;4;1 200 000;1,5;nei;rehab;",
    "c;Hjemme;4;4;3;600 000;0,8;nei;rehab;",
    "d;Dagaktivitet;4;4;2;800 000;1;nei;;",
    "e;Pårørendeskole;3;3;1;200 000;0,25;nei;;d",
]


def upload(client, portfolio, data: bytes, name: str = "tiltak.csv"):
    """Upload a file and follow to its page, which shows the preview: the tests run the check task at once."""
    url = reverse("portfolio:import", args=[portfolio.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, data)}, follow=True)


def confirm(client, portfolio, response, **extra):
    record = response.context["record"]
    return client.post(reverse("portfolio:import_confirm", args=[portfolio.pk, record.pk]), extra)


def test_a_file_with_problems_shows_each_by_row_and_column_and_saves_nothing(portfolio, leader, login_client):
    data = csv_file(
        [
            "a;Forsvarlig bemanning;3;5;4;1 500 000;2,5;ja;;",
            "b;Institusjon;7;4;4;1.200.000;1,5;nei;rehab;",  # benefit 7 (row 3), amount with points (row 3)
            "c;Hjemme;4;;3;600 000;0,8;kanskje;rehab;",  # severity missing, mandatory «kanskje» (row 4)
            "a;Dobbel;4;4;2;800 000;1;nei;;x",  # duplicate id and unknown requires (row 5)
        ]
    )
    client = login_client(leader)
    response = upload(client, portfolio, data)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert not preview.ok
    where = {(p.row, p.column) for p in preview.problems}
    assert {(3, "nytte"), (3, "cost_nok"), (4, "alvorlighet"), (4, "obligatorisk"), (5, "id"), (5, "krever")} <= where
    # Rows with problems and their cells are marked in the table the page shows.
    rows = {row.number: row for row in preview.rows}
    headers = list(preview.headers)
    assert rows[3].problem
    assert rows[3].cells[headers.index("nytte")].problem
    assert rows[3].cells[headers.index("cost_nok")].problem
    assert not rows[3].cells[headers.index("navn")].problem
    assert not rows[2].problem
    content = response.content.decode()
    assert "pri-cell-problem" in content
    assert "1.200.000" in content
    assert response.context["confirm_form"] is None
    assert not Measure.objects.exists()
    assert not [key for key, _value in client.session.items() if "import" in key]  # no copy of the file in the session
    assert bytes(MeasureImport.objects.get().data) == b""  # nor in the import, once it is checked


def test_confirming_a_file_that_had_problems_is_impossible(portfolio, leader, login_client):
    client = login_client(leader)
    response = upload(client, portfolio, csv_file(["a;A;9;5;4;1;1;nei;;"]))
    record = response.context["record"]
    response = client.post(reverse("portfolio:import_confirm", args=[portfolio.pk, record.pk]))
    assert response.status_code == 200
    assert response.context["confirm_form"] is None
    assert MeasureImport.objects.get().status == TaskStatus.CHECKED
    assert not Measure.objects.exists()
    assert client.post(reverse("portfolio:import_confirm", args=[portfolio.pk, record.pk + 1])).status_code == 404


def test_a_sound_file_saves_every_measure_in_file_order(portfolio, leader, login_client):
    client = login_client(leader)
    response = upload(client, portfolio, csv_file(SOUND))
    preview = response.context["preview"]
    assert preview.ok
    assert preview.created == 5
    assert not Measure.objects.exists()  # nothing before the confirmation
    form = response.context["confirm_form"]
    assert [row.code for _, row in form.basis_fields] == ["a"]  # the mandatory measure needs its legal basis
    response = confirm(client, portfolio, response, legal_basis_2="Helse- og omsorgstjenesteloven § 4-1")
    assert response.status_code == 302
    measures = list(Measure.objects.filter(portfolio=portfolio).order_by("position"))
    assert [m.code for m in measures] == ["a", "b", "c", "d", "e"]
    a, b, _c, d, e = measures
    assert a.mandatory
    assert a.legal_basis == "Helse- og omsorgstjenesteloven § 4-1"
    assert b.group == "rehab"
    assert e.requires == d
    assert (b.benefit, b.severity, b.resources) == (4, 4, 4)
    cost = ResourceColumn.objects.get(municipality=portfolio.municipality, key="cost_nok")
    fte = ResourceColumn.objects.get(municipality=portfolio.municipality, key="fte")
    assert MeasureAmount.objects.get(measure=a, column=cost).amount == Decimal(1_500_000)
    assert MeasureAmount.objects.get(measure=e, column=fte).amount == Decimal("0.25")
    assert a.history.first().history_user == leader


def test_a_mandatory_measure_without_legal_basis_is_refused_at_confirmation(portfolio, leader, login_client):
    client = login_client(leader)
    response = upload(client, portfolio, csv_file(SOUND))
    response = confirm(client, portfolio, response)  # no legal basis given
    assert response.status_code == 200
    assert "legal_basis_2" in response.context["confirm_form"].errors
    assert not Measure.objects.exists()


def test_the_legal_basis_can_come_from_the_file(portfolio, leader, login_client):
    client = login_client(leader)
    data = csv_file(
        ["a;Nattbemanning;3;5;4;1 500 000;2,5;ja;;;§ 4-1;Beboere på sykehjem;Uforsvarlig drift;videreført"],
        header="id;navn;nytte;alvorlighet;ressurs;cost_nok;fte;obligatorisk;gruppe;krever;lovgrunnlag;berørte;konsekvens;type",
    )
    response = upload(client, portfolio, data)
    assert response.context["preview"].ok
    assert not response.context["confirm_form"].basis_fields
    confirm(client, portfolio, response)
    a = Measure.objects.get(portfolio=portfolio, code="a")
    assert (a.legal_basis, a.affected, a.consequence, a.kind) == (
        "§ 4-1",
        "Beboere på sykehjem",
        "Uforsvarlig drift",
        MeasureKind.CONTINUED,
    )


def test_an_unknown_kind_is_a_problem_in_its_cell(portfolio):
    data = csv_file(
        ["a;A;3;5;4;1;1;nei;;;kanskje"],
        header="id;navn;nytte;alvorlighet;ressurs;cost_nok;fte;obligatorisk;gruppe;krever;type",
    )
    preview = imports.preview(portfolio, data, "t.csv")
    assert [(p.row, p.column) for p in preview.problems] == [(2, "type")]


def test_two_mandatory_measures_in_one_group_are_a_problem(portfolio):
    data = csv_file(["a;A;3;5;4;1;1;ja;g;", "b;B;3;5;4;1;1;ja;g;"])
    preview = imports.preview(portfolio, data, "t.csv")
    assert not preview.ok
    assert any(p.column == "gruppe" and p.row == 3 for p in preview.problems)


def test_unknown_resource_columns_are_offered_and_created_only_when_chosen(portfolio, leader, login_client):
    header = "id;navn;nytte;alvorlighet;ressurs;cost_nok;Timer per uke;Plasser"
    data = csv_file(["a;A;3;4;2;100 000;5;1", "b;B;4;4;2;200 000;7,5;0"], header=header)
    client = login_client(leader)
    response = upload(client, portfolio, data)
    preview = response.context["preview"]
    assert [(c.header, c.key) for c in preview.new_columns] == [
        ("Timer per uke", "timer_per_uke"),
        ("Plasser", "plasser"),
    ]
    form = response.context["confirm_form"]
    hours_field = next(name for name, choice in form.column_fields if choice.header == "Timer per uke")
    confirm(client, portfolio, response, **{hours_field: "on"})
    keys = set(ResourceColumn.objects.filter(municipality=portfolio.municipality).values_list("key", flat=True))
    assert "timer_per_uke" in keys
    assert "plasser" not in keys
    hours = ResourceColumn.objects.get(municipality=portfolio.municipality, key="timer_per_uke")
    assert MeasureAmount.objects.get(measure__code="b", column=hours).amount == Decimal("7.5")


def test_existing_ids_are_updated_and_restored(portfolio, leader, login_client):
    client = login_client(leader)
    confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)), legal_basis_2="§ 4-1")
    b = Measure.objects.get(portfolio=portfolio, code="b")
    services.set_measure_archived(b, leader, b.version, True)
    changed = [row.replace("b;Institusjon;4;4;4", "b;Institusjon, ny pris;5;4;4") for row in SOUND]
    response = upload(client, portfolio, csv_file(changed))
    preview = response.context["preview"]
    assert (preview.created, preview.updated) == (0, 5)
    assert not response.context["confirm_form"].basis_fields  # «a» keeps its legal basis
    confirm(client, portfolio, response)
    b.refresh_from_db()
    assert (b.name, b.benefit, b.archived) == ("Institusjon, ny pris", 5, False)
    assert Measure.objects.filter(portfolio=portfolio).count() == 5


def test_an_xlsx_file_is_read_like_the_command_line_reads_it(portfolio, leader, login_client):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["id", "name", "benefit", "severity", "resources", "cost_nok", "fte", "mandatory"])
    sheet.append(["x1", "Nytt tilbud", 4, 3, 2, 250000, 0.5, "nei"])
    sheet.append(["x2", "Annet tilbud", 2, 2, 2, "1 000 000,5", 1, "nei"])
    out = io.BytesIO()
    book.save(out)
    client = login_client(leader)
    response = upload(client, portfolio, out.getvalue(), "tiltak.xlsx")
    assert response.context["preview"].ok
    confirm(client, portfolio, response)
    cost = ResourceColumn.objects.get(municipality=portfolio.municipality, key="cost_nok")
    assert MeasureAmount.objects.get(measure__code="x2", column=cost).amount == Decimal("1000000.5")


def test_size_and_row_limits(portfolio, leader, login_client, monkeypatch):
    client = login_client(leader)
    big = b"id;navn;nytte;alvorlighet;ressurs\n" + b"x" * (imports.MAX_BYTES + 1)
    response = upload(client, portfolio, big)
    assert "2" in response.context["preview"].problems[0].message
    assert "MB" in response.content.decode()
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    response = upload(client, portfolio, csv_file(SOUND))
    (problem,) = response.context["preview"].problems
    assert "3" in problem.message
    assert "5" not in problem.message  # the rows after the limit + 1 are not read, so not counted
    assert not Measure.objects.exists()


def test_a_file_of_the_wrong_type_is_refused_with_a_message(portfolio, leader, login_client):
    response = upload(login_client(leader), portfolio, b"%PDF-1.7", "tiltak.pdf")
    (problem,) = response.context["preview"].problems
    assert "pdf" in problem.message


def test_the_service_refuses_a_preview_with_problems(portfolio, leader):
    preview = imports.preview(portfolio, csv_file(["a;A;9;5;4;1;1;nei;;"]), "t.csv")
    with pytest.raises(ValidationError):
        services.import_measures(portfolio, leader, preview)
    assert not Measure.objects.exists()


def test_an_import_that_fails_halfway_saves_nothing(portfolio, leader, monkeypatch):
    preview = imports.preview(portfolio, csv_file(SOUND), "t.csv")
    calls = {"n": 0}
    original = services._amount_changes

    def failing(measure, amounts, columns, saved):
        """Fails at the third measure's amounts, after every measure has been written."""
        calls["n"] += 1
        if calls["n"] == 3:
            raise ValidationError("disk full")
        return original(measure, amounts, columns, saved)

    monkeypatch.setattr(services, "_amount_changes", failing)
    with pytest.raises(ValidationError):
        services.import_measures(portfolio, leader, preview, legal_bases={2: "§ 4-1"})
    assert not Measure.objects.exists()
    assert not MeasureAmount.objects.exists()


def test_a_workbook_that_unpacks_past_the_cap_is_refused_unread(portfolio, leader, login_client, monkeypatch):
    """A small upload that unpacks to much more (a zip bomb) is refused from its zip directory."""
    monkeypatch.setattr(imports, "MAX_UNPACKED", 1024 * 1024)
    bomb = padded_workbook(workbook_bytes(measure_rows(3)), 3 * 1024 * 1024)
    response = upload(login_client(leader), portfolio, bomb, "tiltak.xlsx")
    (problem,) = response.context["preview"].problems
    assert "3 MB" in problem.message
    assert response.context["confirm_form"] is None


def test_a_workbook_wider_than_the_column_limit_is_refused(portfolio, leader, login_client):
    wide = workbook_bytes(measure_rows(3, extra_columns=imports.MAX_COLUMNS))
    response = upload(login_client(leader), portfolio, wide, "tiltak.xlsx")
    (problem,) = response.context["preview"].problems
    assert str(imports.MAX_COLUMNS) in problem.message


def test_identity_numbers_with_separators_and_control_characters_are_problems_in_their_cells(portfolio):
    fnr = "15076500565"
    data = csv_file(
        [
            f"a;Bruker {fnr[:6]}\u200b{fnr[6:]};3;5;4;1;1;nei;;;Se {fnr[:3]} {fnr[3:6]} {fnr[6:9]} {fnr[9:]}",
            "b;Tiltak\x1b[31m;3;5;4;1;1;nei;gr\u202eup;;Ok",
            "c;Hjemme;3;5;4;1;1;nei;;;Tekst\x07",
        ],
        header="id;navn;nytte;alvorlighet;ressurs;cost_nok;fte;obligatorisk;gruppe;krever;beskrivelse",
    )
    preview = imports.preview(portfolio, data, "t.csv")
    where = {(p.row, p.column): p.message for p in preview.problems}
    assert {(2, "navn"), (2, "beskrivelse"), (3, "navn"), (3, "gruppe"), (4, "beskrivelse")} <= set(where)
    assert "fødselsnummer" in where[(2, "navn")]
    assert "U+001B ESC" in where[(3, "navn")]
    assert "U+0007 BEL" in where[(4, "beskrivelse")]


def test_a_bulk_import_keeps_one_history_row_per_change_and_the_audit_chain_holds(portfolio, leader):
    """Measures and amounts are written in bulk, each with its history row, by the importing user."""
    services.import_measures(
        portfolio, leader, imports.preview(portfolio, csv_file(SOUND), "t.csv"), legal_bases={2: "§ 4-1"}
    )
    measures = {m.code: m for m in Measure.objects.filter(portfolio=portfolio)}
    history = list(Measure.history.filter(portfolio=portfolio))
    assert sorted((h.code, h.history_type, h.history_user) for h in history) == [
        (code, "+", leader) for code in "abcde"
    ]
    e = next(h for h in history if h.code == "e")
    assert e.requires_id == measures["d"].pk  # the history row holds the measure as saved, requires included
    assert MeasureAmount.history.filter(history_type="+").count() == MeasureAmount.objects.count() == 10

    changed = [row.replace("b;Institusjon;4;4;4;1 200 000", "b;Institusjon;5;4;4;1 300 000") for row in SOUND]
    services.import_measures(portfolio, leader, imports.preview(portfolio, csv_file(changed), "t.csv"))
    b = Measure.objects.get(pk=measures["b"].pk)
    assert (b.benefit, b.version) == (5, 2)
    assert b.updated_at > measures["b"].updated_at
    latest = b.history.first()
    assert (latest.history_type, latest.benefit, latest.version, latest.history_user) == ("~", 5, 2, leader)
    assert Measure.history.filter(portfolio=portfolio, history_type="~").count() == 5
    cost = MeasureAmount.objects.get(measure=b, column__key="cost_nok")
    assert cost.amount == Decimal(1_300_000)
    assert [(h.history_type, h.amount) for h in cost.history.all()] == [
        ("~", Decimal(1_300_000)),
        ("+", Decimal(1_200_000)),
    ]
    assert MeasureAmount.history.filter(history_type="~").count() == 1  # unchanged amounts are not written
    assert list(audit.verify()) == []


def test_a_mandatory_measure_clashing_with_one_outside_the_file_is_refused_and_nothing_saved(portfolio, leader):
    """The exclusive-group rule is checked against the portfolio's measures that the file leaves alone."""
    night = services.create_measure(
        portfolio,
        leader,
        code="natt",
        name="Natt",
        benefit=3,
        severity=5,
        resources=4,
        mandatory=True,
        legal_basis="§ 4-1",
        group="bemanning",
    )
    data = csv_file(["a;Dag;3;5;4;1;1;ja;bemanning;", "b;Ny;3;3;3;1;1;nei;;"])
    preview = imports.preview(portfolio, data, "t.csv")
    assert preview.ok
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        services.import_measures(portfolio, leader, preview, legal_bases={2: "§ 4-2"})
    (message,) = raised.value.messages
    assert message.startswith("Row 2:")
    assert f"«{night.code}»" in message
    assert list(Measure.objects.filter(portfolio=portfolio).values_list("code", flat=True)) == ["natt"]


@pytest.mark.parametrize(
    ("language", "score", "amount", "mixed"),
    [
        (
            "nb",
            "nytte må være et heltall fra 1 til 5, fikk «4,5»",
            "ressursbruk må være et tall ≥ 0, fikk «1.250»; bruk desimalkomma, f.eks. «0,5»",
            ("expected", "must"),
        ),
        (
            "nn",
            "nytte må vere eit heiltal frå 1 til 5, fekk «4,5»",
            "ressursbruk må vere eit tal ≥ 0, fekk «1.250»; bruk desimalkomma, t.d. «0,5»",
            ("expected", "må være", "fikk"),
        ),
        (
            "en",
            "benefit must be a whole number from 1 to 5, got «4,5»",
            "resource use must be a number ≥ 0, got «1.250»; use a decimal comma, for example «0,5»",
            ("må", "fikk", "heltall"),
        ),
    ],
)
def test_the_preview_is_wholly_in_the_users_language(
    portfolio, leader, login_client, settings, language, score, amount, mixed
):
    """The file reader and the engine give codes; the page words every problem in the reader's
    language (no bokmål for nynorsk or English readers, no English in brackets)."""
    data = csv_file(["a;A;4,5;3;3;1.250;1;nei;;", "a;B;3;3;3;1;1;nei;;"])
    client = login_client(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = upload(client, portfolio, data)
    problems = {(p.row, p.column): p.message for p in response.context["preview"].problems}
    assert problems[(2, "nytte")] == score
    assert problems[(2, "cost_nok")] == amount
    assert (3, "id") in problems  # the duplicate id, found by the engine
    shown = response.content.decode()
    assert score.replace("«", "&laquo;").replace("»", "&raquo;") in shown or score in shown
    for word in mixed:
        assert not any(word in message.split() for message in problems.values()), (word, problems)


def _above_the_rows(response) -> str:
    """The page's text before the table of the file's rows: what the reader sees first."""
    page = response.content.decode()
    return page[: page.index('id="rows-heading"')]


def test_the_summary_at_the_top_says_a_legal_basis_is_needed_before_saving_not_that_all_is_well(
    portfolio, leader, login_client
):
    client = login_client(leader)
    with translation.override("nb"):
        response = upload(client, portfolio, csv_file(SOUND))
    top = _above_the_rows(response)
    assert 'data-color="success"' not in top
    assert "Før lagring: oppgi lovgrunnlaget for 1 obligatorisk tiltak." in top
    field_id = response.context["confirm_form"]["legal_basis_2"].id_for_label
    assert f'href="#{field_id}"' in top
    assert f'id="{field_id}"' in response.content.decode()


def test_a_refused_confirmation_puts_what_blocks_saving_in_a_red_alert_above_the_rows(portfolio, leader, login_client):
    client = login_client(leader)
    response = confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)))
    top = _above_the_rows(response)
    assert 'data-color="danger" role="alert" id="import-blockers"' in top
    assert "Ingenting er lagret ennå. Rett dette først:" in top
    assert "Lovgrunnlag for «a» (rad 2)" in top
    assert "Filen er i orden" not in top
    assert 'data-color="success"' not in top
    assert not Measure.objects.exists()


def test_the_problems_link_to_their_rows_in_the_table(portfolio, leader, login_client):
    data = csv_file(["a;Forsvarlig bemanning;3;5;4;1 500 000;2,5;ja;;", "b;Institusjon;7;4;4;1 200 000;1,5;nei;;"])
    page = upload(login_client(leader), portfolio, data).content.decode()
    assert 'href="#import-row-3"' in page
    assert 'id="import-row-3"' in page


def test_a_file_without_mandatory_measures_is_sound_in_green(portfolio, leader, login_client):
    response = upload(login_client(leader), portfolio, csv_file(SOUND[1:]))
    top = _above_the_rows(response)
    assert 'data-color="success"' in top
    assert "import-blockers" not in top


def test_the_products_own_demo_file_imports_as_it_is_through_the_web_import(portfolio, leader, login_client):
    client = login_client(leader)
    response = upload(client, portfolio, DEMO_FILE.read_bytes(), name=DEMO_FILE.name)
    preview = response.context["preview"]
    assert preview.ok, [str(p.message) for p in preview.problems]
    assert (preview.created, preview.ignored) == (32, ())
    assert not preview.needs_legal_basis  # the file names the legal basis of its mandatory measures
    assert confirm(client, portfolio, response).status_code == 302
    measures = Measure.objects.filter(portfolio=portfolio)
    assert measures.count() == 32
    assert all(m.affected and m.consequence for m in measures)
    assert measures.filter(mandatory=True).count() == 4
    assert all("loven" in m.legal_basis for m in measures.filter(mandatory=True))
