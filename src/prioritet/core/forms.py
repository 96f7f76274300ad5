"""Base classes for every form of the project: the text rules apply to every text field.

Derive forms from :class:`Form` or :class:`ModelForm` (or put :class:`TextRulesMixin` first in the
bases of a form derived from one of Django's, such as ``AuthenticationForm``). Every ``CharField``
of the form — declared, generated from a model or added in ``__init__`` — then refuses national
identity numbers and control characters (:func:`prioritet.core.text.validate_text`) and has a
maximum length (:data:`prioritet.core.text.TEXT_MAX` unless the field sets one). Password fields
are left alone: a password is never stored or shown as text. ``web/tests/test_text_rules.py``
fails for a form that does not derive from these bases.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.forms import BaseForm, Field
from django.forms.models import ModelFormMetaclass
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from prioritet.tabular.values import number_text

from .concurrency import ConcurrentEditError
from .formatting import editable_amount
from .text import TEXT_MAX, validate_no_control_characters, validate_text


class DateInput(forms.DateInput):
    """The browser's own date picker.

    ``<input type="date">`` only takes an ISO date (``2026-12-05``) whatever the page's language, so
    the value is always written that way; the browser shows it in the reader's own format.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class _TextMaxLengthValidator(MaxLengthValidator):
    """Django's maximum length, for text only: a ``CharField`` subclass may clean to a number."""

    def __call__(self, value: Any) -> None:
        if isinstance(value, str):
            super().__call__(value)


def apply_text_rules(field: forms.Field, *, national_id_allowed: bool = False) -> None:
    """Give one form field the text rules (idempotent; only text fields, never passwords).

    ``national_id_allowed`` keeps the control-character rule and the length but lets an identity
    number through: only for text that is used and never stored (a correction's wrong text).
    """
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
        return
    if getattr(field, "text_rules_applied", False):
        return
    field.text_rules_applied = True
    field.validators.append(validate_no_control_characters if national_id_allowed else validate_text)
    if field.max_length is None:
        field.max_length = TEXT_MAX
        field.validators.append(_TextMaxLengthValidator(TEXT_MAX))
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("maxlength", str(TEXT_MAX))


class TextRulesMixin:
    """Applies :func:`apply_text_rules` to every field, at construction and again before cleaning."""

    fields: dict[str, forms.Field]
    #: Fields that may contain an identity number because it is used, never stored.
    national_id_allowed: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.apply_text_rules()

    def apply_text_rules(self) -> None:
        for name, field in self.fields.items():
            apply_text_rules(field, national_id_allowed=name in self.national_id_allowed)

    def full_clean(self) -> None:
        # Fields added after __init__ (by a subclass's __init__) get the rules here.
        self.apply_text_rules()
        super().full_clean()  # type: ignore[misc]


class DecimalInput(forms.TextInput):
    """A text box for a decimal number: ``<input type="number">`` can only hold «0.5», never the
    bokmål «0,5», so the box is text with the phone's decimal keypad (``inputmode``)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})


class DecimalField(forms.DecimalField):
    """The one field for every decimal number a form edits (weights, amounts, frames, shares, targets).

    Django's own shows a stored value as it is stored, «10.00», «0,5000»; this one shows it as the
    reader writes it, without insignificant zeros («10», «0,5», English «0.5»), and reads what people
    type in Norway and in English alike («0,5», «0.5», «1 250 000,5»), so a shown value reads back
    exactly: 0.125 stays 0.125. ``max_digits``, ``decimal_places`` and the limits apply as in Django's.
    """

    widget = DecimalInput

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return Decimal(value)
        text = number_text(str(value), None)
        if text is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return Decimal(text)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            return editable_amount(value)
        return value


def _model_formfield(db_field: models.Field, **kwargs: Any) -> forms.Field | None:
    """A model's decimal number edits through :class:`DecimalField`; every other field as Django makes it."""
    if isinstance(db_field, models.DecimalField):
        kwargs.setdefault("form_class", DecimalField)
    return db_field.formfield(**kwargs)


class _ModelFormMetaclass(ModelFormMetaclass):
    """Django reads ``formfield_callback`` from each form's own ``Meta`` only: it is given to every
    ``Meta`` here (unless the form names its own), so a model form never forgets :class:`DecimalField`."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(_model_formfield)
        return super().__new__(mcs, name, bases, attrs)


class Form(TextRulesMixin, forms.Form):
    """A ``django.forms.Form`` with the text rules on every text field."""


class ModelForm(TextRulesMixin, forms.ModelForm, metaclass=_ModelFormMetaclass):
    """A ``django.forms.ModelForm`` with the text rules on every text field and :class:`DecimalField`
    for every decimal model field."""


def mark_conditionally_required(field: Field) -> None:
    """Label a field that is required only in some cases as such, instead of «(optional)».

    The field stays ``required=False``, so the form lets it through and the service (or the form's
    ``clean``) decides and explains. Say in the field's help text when it is required.
    """
    field.conditionally_required = True


def add_validation_error(form: BaseForm, error: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form: on its field if the form has one, else on top.

    Services validate with the model (``full_clean``) and name model fields; the form may not have
    all of them (a fixed role, say), so unknown fields become form-wide errors instead of crashing.
    """
    if hasattr(error, "error_dict"):
        for field_name, errors in error.error_dict.items():
            target = field_name if field_name in form.fields else None
            form.add_error(target, ValidationError(errors))
    else:
        form.add_error(None, error)


def keep_input_on_conflict(form: BaseForm, message: str | Promise, current_version: int) -> None:
    """Someone saved first: keep the user's input, point the form at the saved version, say so.

    The form is shown again with what the user typed, so nothing is lost; saving it again is a
    deliberate choice to overwrite the newer version.
    """
    data = form.data.copy()
    data["version"] = str(current_version)
    form.data = data
    form.add_error(None, message)


class VersionField(forms.IntegerField):
    """The version of a record as the user loaded it, sent back with the edit (optimistic concurrency)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        super().__init__(**kwargs)


class VersionedModelForm(ModelForm):
    """A model form that creates a record (no version) or edits one (the version the user loaded)."""

    version = VersionField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version


#: What a form says when someone else saved the record after the user opened it.
SAVED_BY_SOMEONE_ELSE = gettext_lazy(
    "Someone saved this after you opened it. Your changes have not been saved: they are kept below. "
    "Save again to replace the other changes."
)


def submit[T](
    request: HttpRequest, form: BaseForm, save: Callable[[dict[str, Any]], T], conflict: Any = SAVED_BY_SOMEONE_ELSE
) -> T | None:
    """On a valid post, ``save(cleaned_data)``; a concurrent edit keeps the user's input (``conflict`` says
    so) and a broken rule shows on the form. ``None`` when nothing was saved: the view shows the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ConcurrentEditError as error:
        keep_input_on_conflict(form, conflict, error.current.version)
    except ValidationError as error:
        add_validation_error(form, error)
    return None
