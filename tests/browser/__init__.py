"""End-to-end tests in headless Chromium against a live Django server."""
