"""The one decimal field: a stored number is shown as the reader writes it and reads back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from prioritet.core.forms import DecimalField, DecimalInput, Form, ModelForm
from prioritet.weighting.models import WeightVersion


class _Amounts(Form):
    share = DecimalField(max_digits=16, decimal_places=6, required=False)


@pytest.mark.parametrize(
    ("language", "stored", "shown"),
    [
        ("nb", Decimal("10.00"), "10"),
        ("nb", Decimal("0.5000"), "0,5"),
        ("nn", Decimal("0.5000"), "0,5"),
        ("en", Decimal("0.5000"), "0.5"),
        ("nb", Decimal("2.0"), "2"),
        ("nb", 2.0, "2"),
        ("nb", Decimal("0.125"), "0,125"),
        ("nb", Decimal("1250000.50"), "1250000,5"),
        ("nb", Decimal("-3.10"), "-3,1"),
    ],
)
def test_a_stored_value_is_shown_without_insignificant_zeros_in_the_readers_mark(
    language: str, stored: Decimal | float, shown: str
) -> None:
    with translation.override(language):
        html = str(_Amounts(initial={"share": stored})["share"])
    assert f'value="{shown}"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="text"' in html


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize(
    ("typed", "read"),
    [("0,5", "0.5"), ("0.5", "0.5"), ("1 250 000,5", "1250000.5"), ("−2", "-2"), (" 10 ", "10"), ("", None)],
)
def test_both_decimal_marks_are_read_in_every_language(language: str, typed: str, read: str | None) -> None:
    with translation.override(language):
        form = _Amounts(data={"share": typed})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["share"] == (None if read is None else Decimal(read))


@pytest.mark.parametrize("typed", ["12 5", "1,2,3", "abc", "0,5.2", "NaN", "Infinity"])
def test_what_is_not_a_number_is_refused(typed: str) -> None:
    form = _Amounts(data={"share": typed})
    assert not form.is_valid()
    assert "share" in form.errors


def test_the_fields_limits_still_apply() -> None:
    form = _Amounts(data={"share": "0,1234567"})
    assert not form.is_valid()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@given(
    number=st.decimals(
        min_value=Decimal(-(10**12)), max_value=Decimal(10**12), places=6, allow_nan=False, allow_infinity=False
    )
)
def test_a_shown_value_reads_back_as_the_same_number(language: str, number: Decimal) -> None:
    field = DecimalField(max_digits=20, decimal_places=6)
    with translation.override(language):
        shown = field.prepare_value(number)
        read = field.clean(shown)
    assert read == number
    assert not shown.partition("." if language == "en" else ",")[2].endswith("0")


class _WeightsForm(ModelForm):
    """A model form over a model with decimal fields (the weights: ``decimal_places=3``)."""

    class Meta:
        model = WeightVersion
        fields = ("benefit",)


def test_a_model_forms_decimal_field_is_the_shared_one() -> None:
    field = _WeightsForm.base_fields["benefit"]
    assert isinstance(field, DecimalField)
    assert isinstance(field.widget, DecimalInput)
    with translation.override("nb"):
        assert 'value="0,5"' in str(_WeightsForm(instance=WeightVersion(benefit=Decimal("0.500")))["benefit"])
