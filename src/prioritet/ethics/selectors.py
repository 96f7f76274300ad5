"""Reads of ethical reflections, always through a case already scoped to the user's municipality."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from prioritet.cases.models import Case

from .models import EthicalReflection, ReflectionStatus


def reflections_of(case: Case, *, completed_only: bool = False) -> list[EthicalReflection]:
    qs = EthicalReflection.objects.filter(case=case).select_related("created_by")
    if completed_only:
        qs = qs.filter(status=ReflectionStatus.COMPLETED)
    return list(qs.order_by("-created_at", "-id"))


def get_reflection(case: Case, pk: int) -> EthicalReflection:
    """The reflection of this case, or 404 (so another municipality's case never leaks one)."""
    return get_object_or_404(EthicalReflection.objects.select_related("case", "created_by"), case=case, pk=pk)
