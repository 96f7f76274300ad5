"""Shared infrastructure below every product app: what more than one app needs, and nothing else.

The layers, lowest first: ``engine`` ← ``tabular`` ← ``core`` ← ``accounts`` ← ``weighting`` ← ``cases`` ←
``examples`` ← product apps ← ``api`` ← ``web``/``cli`` (``.importlinter``; docs/architecture.md).
``core`` imports no product app.
"""
