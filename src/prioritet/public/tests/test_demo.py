"""The demo municipality's public page has its decided service and political cases."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from prioritet.accounts.models import Municipality
from prioritet.cases.models import Level
from prioritet.public.models import Publication


@pytest.mark.django_db
def test_load_demo_publishes_decided_service_and_political_cases_once():
    call_command("load_demo", stdout=StringIO())
    first = set(Publication.objects.values_list("case_id", flat=True))
    call_command("load_demo", stdout=StringIO())
    assert set(Publication.objects.values_list("case_id", flat=True)) == first
    assert first, "the demo has decided service and political cases"
    assert not Publication.objects.filter(level=Level.INDIVIDUAL).exists()
    municipality = Municipality.objects.get(number="9999")
    page = Client().get(f"/p/{municipality.slug}/")
    assert page.status_code == 200
    for publication in Publication.objects.select_related("case"):
        assert publication.case.title in page.content.decode()
