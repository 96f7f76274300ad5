"""Tenancy and roles: municipalities, users with one role each, service areas, sign-in."""
