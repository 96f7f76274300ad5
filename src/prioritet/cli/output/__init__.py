"""One output per command: the same result as JSON (a fixed contract), CSV rows and rich tables.

Each command imports its own module (:mod:`.rank`, :mod:`.portfolio`, …), so that it pays for no other."""
