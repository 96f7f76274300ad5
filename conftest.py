"""Settings shared by every test directory (tests/ and the Django apps' tests in src/prioritet)."""

from hypothesis import settings

# Speed is measured in benchmarks (`make bench`), never asserted by tests: a property test that takes
# longer than Hypothesis's default 200 ms on a loaded CI machine is not a failure.
settings.register_profile("prioritet", deadline=None)
settings.load_profile("prioritet")
