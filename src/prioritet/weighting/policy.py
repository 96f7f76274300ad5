"""Who may record the municipality's weights. One place for the role rule."""

from __future__ import annotations

from prioritet.accounts.models import Role

#: Who may record newly decided weights: the municipal director, politicians (weights are a political
#: body's vedtak), and the municipal administrator who enters what a political body decided. Every
#: version names the deciding body.
EDITORS: tuple[str, ...] = (Role.DIRECTOR, Role.POLITICIAN, Role.MUNICIPAL_ADMIN)


def can_edit(user, municipality) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and municipality is not None
        and user.municipality_id == municipality.pk
        and user.role in EDITORS
    )
