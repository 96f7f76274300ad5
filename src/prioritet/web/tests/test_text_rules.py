"""Every form of every app applies the text rules: it derives from prioritet.core.forms' bases."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

import prioritet
from prioritet.core.forms import TextRulesMixin

#: Modules that are not part of the web application or must not be imported twice.
_SKIP = (".tests", ".migrations", "prioritet.cli", "prioritet.engine", "prioritet.web.wsgi", "prioritet.web.asgi")


def _project_forms() -> list[type[forms.BaseForm]]:
    for module in pkgutil.walk_packages(prioritet.__path__, "prioritet."):
        if not any(part in module.name for part in _SKIP):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("prioritet.") and sub not in found:
                found.append(sub)
    return found


def test_every_form_of_the_project_applies_the_text_rules():
    project_forms = _project_forms()
    assert len(project_forms) > 40  # the walk finds the apps' forms
    outside = sorted(
        f"{form.__module__}.{form.__qualname__}" for form in project_forms if not issubclass(form, TextRulesMixin)
    )
    assert outside == [], "Derive these from prioritet.core.forms.Form/ModelForm (or TextRulesMixin): " + ", ".join(
        outside
    )
