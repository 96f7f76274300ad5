"""``TextChoices`` as mypy should see it: an enumeration of strings, each with a label.

Django ships no type information (and django-stubs, with its mypy plugin, is not among the pinned
packages), so to mypy ``models.TextChoices`` is ``Any`` and a member such as ``Role.CASEWORKER``
looks like the ``(value, label)`` tuple written in the class body. Deriving from this class instead
tells mypy what Django makes of it at run time — a ``str`` enum member with a ``label`` — and so a
wrong value (a label, a tuple, a member of another choices class) is caught. At run time it *is*
``django.db.models.TextChoices``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar, Self

from django.db import models

if TYPE_CHECKING:

    class TextChoices(StrEnum):
        """What :class:`django.db.models.TextChoices` provides, for the type checker."""

        choices: ClassVar[list[tuple[str, str]]]
        labels: ClassVar[list[str]]
        values: ClassVar[list[str]]
        names: ClassVar[list[str]]

        def __new__(cls, value: str, label: Any = ...) -> Self: ...

        @property
        def label(self) -> str: ...

else:
    TextChoices = models.TextChoices
