"""Tests of the analysis engine (src/prioritet/engine): unit tests, Hypothesis properties and brute-force oracles."""
