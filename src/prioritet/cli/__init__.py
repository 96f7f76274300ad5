"""The ``prioritet`` command line: options in, engine called, results out as table, JSON or CSV."""
