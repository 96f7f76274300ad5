"""Every form of every app applies the text rules: it derives from prioritet.core.forms' bases."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

import prioritet
from prioritet.accounts.models import ServiceArea
from prioritet.cases.models import Case
from prioritet.core.forms import TextRulesMixin
from prioritet.core.testing import CONTROLS, FNR, FNR_BYPASSES

#: Modules that are not part of the web application or must not be imported twice.
_SKIP = (".tests", ".migrations", "prioritet.cli", "prioritet.engine", "prioritet.web.wsgi", "prioritet.web.asgi")


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(prioritet.__path__, "prioritet."):
        if not any(part in module.name for part in _SKIP):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        sub: type
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("prioritet.") and sub not in found:
                found.append(sub)
    return found


def test_every_form_of_the_project_applies_the_text_rules():
    project_forms = _project_forms()
    assert len(project_forms) > 40  # the walk finds the apps' forms
    outside = sorted(
        f"{form.__module__}.{form.__qualname__}" for form in project_forms if not issubclass(form, TextRulesMixin)
    )
    assert outside == [], "Derive these from prioritet.core.forms.Form/ModelForm (or TextRulesMixin): " + ", ".join(
        outside
    )


# The audit's findings 5 and 6 through the web forms ----------------------------------------------------


@pytest.fixture
def create_case(caseworker, login_client):
    from prioritet.accounts.testing import make_service_area

    client = login_client(caseworker)
    area = make_service_area(caseworker.municipality, "Hjemmetjenester")

    def post(**overrides: str):
        data = {
            "level": "individual",
            "title": "Søknad om avlastning",
            "description": "",
            "service_area": area.pk,
            "plan_process": "daily_operations",
            "case_reference": "SAK-2025-9",
            "no_action_consequence": "Pårørende blir utslitt.",
        }
        data.update(overrides)
        return client.post(reverse("cases:create"), data)

    return post


@pytest.mark.parametrize("written", FNR_BYPASSES)
def test_the_case_form_refuses_a_national_id_written_with_separators(create_case, written):
    response = create_case(description=f"Bruker {written} søker")
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"description"}
    assert "fødselsnummer" in response.content.decode()
    assert not Case.objects.exists()


@pytest.mark.parametrize(("char", "named"), CONTROLS)
def test_the_case_form_refuses_control_characters_naming_them(create_case, char, named):
    response = create_case(title=f"Søknad{char}", description=f"Tekst{char}")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "description"} <= set(errors)
    assert any(named in message for message in errors["description"])
    assert not Case.objects.exists()


def test_the_case_form_refuses_a_two_megabyte_description(create_case):
    response = create_case(description="x" * 2_000_000)
    assert response.status_code in (200, 413)
    assert not Case.objects.exists()


def test_the_case_form_refuses_a_description_over_ten_thousand_characters(create_case):
    assert create_case(description="x" * 10_000).status_code == 302
    response = create_case(description="x" * 10_001)
    assert set(response.context["form"].errors) == {"description"}
    assert Case.objects.count() == 1


def test_the_service_area_name_refuses_identity_numbers_and_control_characters(municipal_admin, login_client):
    client = login_client(municipal_admin)
    for name in (f"Område {FNR[:6]}\u200b{FNR[6:]}", "Område\u202e", "Område\x00"):
        response = client.post(reverse("accounts:service_area_create"), {"name": name})
        assert response.status_code == 200
        assert "name" in response.context["form"].errors
    assert not ServiceArea.objects.exists()


def test_a_model_text_field_refuses_the_same_in_full_clean(caseworker):
    from prioritet.cases.services import create_case as create

    with pytest.raises(ValidationError) as error:
        create(
            caseworker.municipality,
            caseworker,
            level="individual",
            title=f"Søknad {FNR[:6]}\u00ad{FNR[6:]}",
            description="Tekst\x07",
            no_action_consequence="Pårørende blir utslitt.",
        )
    assert {"title", "description"} <= set(error.value.message_dict)
