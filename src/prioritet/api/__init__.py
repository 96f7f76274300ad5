"""The JSON API (``/api/v1/``) for the municipality's case system, and the pages that manage its tokens."""
