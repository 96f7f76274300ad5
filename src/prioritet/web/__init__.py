"""The Django project: settings, URLs, base templates, static sources and shared UI helpers."""
