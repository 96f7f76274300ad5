"""Form rendering with Designsystemet markup.

Set as ``FORM_RENDERER``, so ``{{ form }}`` in any template gives label, description, input and
validation message in Designsystemet's structure (``ds-field``, ``ds-label``, ``ds-input``,
``ds-validation-message``), an error summary that links to each invalid field, and
``aria-describedby``/``aria-invalid`` wired by Django. Apps need no per-widget CSS classes.
"""

from __future__ import annotations

from django.forms.renderers import TemplatesSetting


class DesignsystemetFormRenderer(TemplatesSetting):
    """Render forms and fields from ``web/forms/*.html`` and widgets from our overrides."""

    form_template_name = "web/forms/div.html"
    field_template_name = "web/forms/field.html"
