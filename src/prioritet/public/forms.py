from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.core import forms as core_forms

from .models import Publication, PublishedIndicator


class PublishForm(core_forms.Form):
    """What the publisher writes; everything else on the public page comes from the decided case."""

    decided_by_body = Publication._meta.get_field("decided_by_body").formfield()
    summary = Publication._meta.get_field("summary").formfield(widget=forms.Textarea(attrs={"rows": 5}))


class KeyFigureForm(core_forms.Form):
    """Whether an indicator is on the public key-figures page, and the municipality's note on it."""

    published = forms.BooleanField(label=_("Show on the public key-figures page"), required=False)
    explanation = PublishedIndicator._meta.get_field("explanation").formfield(widget=forms.Textarea(attrs={"rows": 3}))
