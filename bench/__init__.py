"""Speed figures for Prioritet's engine, measured against scikit-criteria and pymcdm in one run.

Run with ``make bench`` or ``.venv/bin/python -m bench`` (``--quick`` for a smoke run). What is
measured and how is described in ``docs/benchmarks.md``.
"""
