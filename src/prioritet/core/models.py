"""Models shared by every app (each in its own module, imported here for Django's app registry)."""
