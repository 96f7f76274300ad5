"""Model fields for free text that carry the text rules of :mod:`prioritet.core.text` with them.

``SafeCharField`` and ``SafeTextField`` are ``CharField``/``TextField`` with :func:`validate_text`
and a maximum length that ``full_clean`` enforces (a plain ``TextField``'s ``max_length`` only sizes
the form's textarea). The services validate with ``full_clean``, so web, API and imports meet the
same limit. The validators are added by the field itself and left out of migrations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, overload

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import Promise

from .text import TEXT_MAX, TITLE_MAX, validate_text


class _TextDescriptor:
    """What reading and setting the field on a model instance gives, for the type checker.

    Django ships no type information, so without this mypy takes ``case.title`` for the field
    object declared on the class rather than the ``str`` that Django puts there.
    """

    if TYPE_CHECKING:

        @overload
        def __get__(self, instance: None, owner: type) -> Self: ...
        @overload
        def __get__(self, instance: object, owner: type) -> str: ...
        def __get__(self, instance: object, owner: type) -> Self | str: ...
        def __set__(self, instance: object, value: str) -> None: ...


class SafeCharField(_TextDescriptor, models.CharField):
    """A ``CharField`` (``max_length`` 200 unless given) that refuses identity numbers and control characters."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TITLE_MAX)
        super().__init__(*args, **kwargs)
        if validate_text not in self.validators:
            self.validators.append(validate_text)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == TITLE_MAX:
            del kwargs["max_length"]
        return name, path, args, kwargs


class SafeTextField(_TextDescriptor, models.TextField):
    """A ``TextField`` (``max_length`` 10,000 unless given, enforced) with the text rules."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", TEXT_MAX)
        super().__init__(*args, **kwargs)
        self.validators.extend([validate_text, MaxLengthValidator(self.max_length)])

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == TEXT_MAX:
            del kwargs["max_length"]
        return name, path, args, kwargs


def step_taken_by(verbose_name: str | Promise) -> models.ForeignKey[Any, Any]:
    """Who took one step of a record's course (assigned, answered, approved, published …).

    Empty until the step is taken; ``PROTECT`` because the record must keep naming the person after
    their account is closed (accounts are deactivated, never deleted); no reverse accessor, since a
    user's steps are read from the record's side.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
