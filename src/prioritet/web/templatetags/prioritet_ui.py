"""Template helpers for the Designsystemet-based UI."""

from __future__ import annotations

from django import template
from django.forms import BaseForm
from django.forms.forms import NON_FIELD_ERRORS

register = template.Library()


@register.filter
def has_field_errors(form: BaseForm) -> bool:
    """Whether any visible field has an error, so the form shows an error summary linking to it."""
    hidden = {field.name for field in form.hidden_fields()}
    return any(name not in (NON_FIELD_ERRORS, *hidden) for name in form.errors)
