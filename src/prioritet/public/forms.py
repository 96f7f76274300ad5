from __future__ import annotations

from django import forms

from prioritet.core import forms as core_forms

from .models import Publication


class PublishForm(core_forms.Form):
    """What the publisher writes; everything else on the public page comes from the decided case."""

    decided_by_body = Publication._meta.get_field("decided_by_body").formfield()
    summary = Publication._meta.get_field("summary").formfield(widget=forms.Textarea(attrs={"rows": 5}))
