"""Prioritet: decision support for priority setting in Norwegian municipal health and care."""

__version__ = "0.1.0"
