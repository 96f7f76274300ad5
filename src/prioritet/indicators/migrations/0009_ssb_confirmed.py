"""The starter definitions checked against what SSB's tables actually hold (docs/methods.md §10e).

Confirmed only where a source shows the table and the content code together: a recorded PxWebApi v2
response (JSON-stat2) of the table, or published code that queries the table with the code. The
others stay ``ssb_confirmed=False``. Two definitions take SSB's own wording and unit with the code:
12209 gives home care for the 80+ as a share in per cent and the årsverk per user of the care
services, not per 1,000 inhabitants or per user of the user-directed services.

Sources (repository, path):
* 12209 KOShjtj80aarover0001 — Alksalt/omsorgsradar tests/fixtures/ssb_12209_g2_fixture.json, a
  recorded response: «Andel innbyggere 80 år og over som bruker hjemmetjenester (prosent)», region
  variable KOKkommuneregion0000, country EAK, KOSTRA groups EKG01–EKG17.
* 12209 KOSsykhjand80aar0000 — Alksalt/omsorgsradar docs/api_drift.md (read from the table's
  metadata: «Andel 80+ med institusjonsopphold (%)»); ChristianBHT/Framskrivningsverkt-y app.R (an
  earlier version of the file queries 12209 with it).
* 12209 KOSaarsvbrukerom0000 — Alksalt/omsorgsradar docs/api_drift.md; vegard1104/kommunebarometer
  js/kostra-rapport.js («Årsverk per bruker av omsorgstjenester», table 12209).
* 07459 Personer1 — Alksalt/omsorgsradar tests/fixtures/ssb_07459_g2_fixture.json, a recorded
  response: «Personer», antall, per 1 January; region variable Region; ages «080» … «104».
* 14746 Personer (main alternative, MMMM) — ChristianBHT/Framskrivningsverkt-y R/ssb_api.R names the
  table (regional population projections, published 2026) and the alternatives; not confirmed: the
  code does not query the table with it, so the projection definitions (80+ and the four age groups
  of the need projections) move to it but stay unconfirmed. 14288 was found in no source.
"""

from django.db import migrations

#: key → the fields that change; ``ssb_confirmed`` says whether a source confirms table and code.
CHECKED: dict[str, dict[str, object]] = {
    "nursing_home_80": {"ssb_table": "12209", "ssb_content_code": "KOSsykhjand80aar0000", "ssb_confirmed": True},
    "home_care_80": {
        "ssb_table": "12209",
        "ssb_content_code": "KOShjtj80aarover0001",
        "ssb_confirmed": True,
        "name_nb": "Andel innbyggere 80 år og over som bruker hjemmetjenester",
        "name_nn": "Del innbyggjarar 80 år og over som bruker heimetenester",
        "name_en": "Residents aged 80 and over who use home care",
        "unit": "prosent",
        "decimals": 1,
    },
    "fte_per_user": {
        "ssb_table": "12209",
        "ssb_content_code": "KOSaarsvbrukerom0000",
        "ssb_confirmed": True,
        "name_nb": "Årsverk per bruker av omsorgstjenesten",
        "name_nn": "Årsverk per brukar av omsorgstenesta",
        "name_en": "Full-time equivalents per user of the care services",
    },
    "population_67_79": {"ssb_table": "07459", "ssb_content_code": "Personer1", "ssb_confirmed": True},
    "population_80": {"ssb_table": "07459", "ssb_content_code": "Personer1", "ssb_confirmed": True},
    **{
        key: {"ssb_table": "14746", "ssb_content_code": "Personer", "ssb_region_variable": "Region"}
        for key in ("projection_80", "projection_0_66", "projection_67_79", "projection_80_89", "projection_90")
    },
}

#: What 0002 and 0003 left, to go back to.
BEFORE: dict[str, dict[str, object]] = {
    "nursing_home_80": {"ssb_confirmed": False},
    "home_care_80": {
        "ssb_content_code": "",
        "ssb_confirmed": False,
        "name_nb": "Mottakere av hjemmetjenester per 1000 innbyggere 80 år og over",
        "name_nn": "Mottakarar av heimetenester per 1000 innbyggjarar 80 år og over",
        "name_en": "Home-care users per 1,000 inhabitants aged 80 and over",
        "unit": "per 1000",
    },
    "fte_per_user": {
        "ssb_content_code": "",
        "ssb_confirmed": False,
        "name_nb": "Årsverk i brukerrettede tjenester per mottaker",
        "name_nn": "Årsverk i brukarretta tenester per mottakar",
        "name_en": "Full-time equivalents in user services per user",
    },
    "population_67_79": {"ssb_confirmed": False},
    "population_80": {"ssb_confirmed": False},
    **{
        key: {"ssb_table": "14288", "ssb_content_code": ""}
        for key in ("projection_80", "projection_0_66", "projection_67_79", "projection_80_89", "projection_90")
    },
}


def _apply(apps, changes: dict[str, dict[str, object]]) -> None:
    Definition = apps.get_model("indicators", "IndicatorDefinition")
    for key, fields in changes.items():
        Definition.objects.filter(owner=None, key=key).update(**fields)


def confirm(apps, schema_editor):
    _apply(apps, CHECKED)


def undo(apps, schema_editor):
    _apply(apps, BEFORE)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0008_citation")]
    operations = [migrations.RunPython(confirm, undo)]
