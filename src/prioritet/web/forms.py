"""Form rendering with Designsystemet markup.

Set as ``FORM_RENDERER``, so ``{{ form }}`` in any template gives label, description, input and
validation message in Designsystemet's structure (``ds-field``, ``ds-label``, ``ds-input``,
``ds-validation-message``), an error summary that links to each invalid field, and
``aria-describedby``/``aria-invalid`` wired by Django. Apps need no per-widget CSS classes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm, Field
from django.forms.renderers import TemplatesSetting
from django.utils.functional import Promise


class DesignsystemetFormRenderer(TemplatesSetting):
    """Render forms and fields from ``web/forms/*.html`` and widgets from our overrides."""

    form_template_name = "web/forms/div.html"
    field_template_name = "web/forms/field.html"


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
