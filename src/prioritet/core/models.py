"""Models shared by every app (each in its own module, imported here for Django's app registry)."""

from .audit import AuditChainHead, Correction, PurgeRecord

__all__ = ["AuditChainHead", "Correction", "PurgeRecord"]
