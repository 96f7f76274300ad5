"""Shared infrastructure below every product app: what more than one app needs, and nothing else.

The layers, lowest first: ``engine`` ← ``core`` ← ``cases`` ← product apps ← ``api``/``web``.
``core`` imports no product app.
"""
