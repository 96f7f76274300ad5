"""The starter definitions say which SSB tables and codes a source confirms (docs/methods.md §10e):
only those, and with SSB's own wording and unit where the code is for a different figure."""

from __future__ import annotations

from prioritet.indicators.models import IndicatorDefinition

#: key → (table, content code) confirmed by a source named in migration 0009 and docs/methods.md.
CONFIRMED = {
    "nursing_home_80": ("12209", "KOSsykhjand80aar0000"),
    "home_care_80": ("12209", "KOShjtj80aarover0001"),
    "fte_per_user": ("12209", "KOSaarsvbrukerom0000"),
    "population_67_79": ("07459", "Personer1"),
    "population_80": ("07459", "Personer1"),
}


def test_only_the_starters_a_source_confirms_are_marked_confirmed(db):
    confirmed = IndicatorDefinition.objects.filter(owner=None, ssb_confirmed=True)
    assert {item.key: (item.ssb_table, item.ssb_content_code) for item in confirmed} == CONFIRMED


def test_a_confirmed_code_carries_ssbs_wording_and_unit(db):
    home_care = IndicatorDefinition.objects.get(owner=None, key="home_care_80")
    assert home_care.name_nb == "Andel innbyggere 80 år og over som bruker hjemmetjenester"
    assert home_care.unit == "prosent"
    assert IndicatorDefinition.objects.get(owner=None, key="population_80").ssb_region_variable == "Region"
    assert home_care.ssb_region_variable == "KOKkommuneregion0000"


def test_the_projections_move_to_the_2026_table_but_stay_unconfirmed(db):
    projections = IndicatorDefinition.objects.filter(owner=None, key__startswith="projection_")
    assert projections.count() == 5
    assert {(item.ssb_table, item.ssb_content_code, item.ssb_confirmed) for item in projections} == {
        ("14746", "Personer", False)
    }
