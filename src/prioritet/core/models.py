"""Models shared by every app (each in its own module, imported here for Django's app registry)."""

from prioritet.core.audit_fields import ApiTokenStamped
from prioritet.core.idempotency_models import IdempotencyKey

from .audit import AuditChainHead, Correction, PurgeRecord

__all__ = ["ApiTokenStamped", "AuditChainHead", "Correction", "IdempotencyKey", "PurgeRecord"]
