"""Helpers for browser tests: accessibility checks with axe-core, and screenshots.

Import them in a test module of this folder with ``from .helpers import axe, screenshot``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT_DIR = REPO / "test-artifacts" / "screenshots"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: WCAG 2.1 A and AA, plus axe's best practices; only serious and critical findings fail a test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = ("serious", "critical")


def axe(
    page: Page, *, exclude: list[str] | None = None, disable_rules: list[str] | None = None
) -> list[dict[str, Any]]:
    """Run axe-core on the page and fail on any serious or critical violation.

    axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does
    not block, so the page is tested exactly as users get it. Returns the minor and moderate
    violations, for a test that wants to look at them.
    """
    if not AXE_SCRIPT.exists():
        raise FileNotFoundError(f"{AXE_SCRIPT} is missing: run scripts/assets.sh (npm ci) first")
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    options: dict[str, Any] = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    if disable_rules:
        options["rules"] = {rule: {"enabled": False} for rule in disable_rules}
    context: dict[str, Any] = {"exclude": [[selector] for selector in exclude or []]}
    result = page.evaluate(
        "async ([context, options]) => await window.axe.run(context.exclude.length ? context : document, options)",
        [context, options],
    )
    violations: list[dict[str, Any]] = result["violations"]
    failing = [v for v in violations if v.get("impact") in FAILING_IMPACTS]
    if failing:
        report = [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [node["target"] for node in v["nodes"]][:5],
            }
            for v in failing
        ]
        raise AssertionError(
            f"axe found {len(failing)} serious/critical violations on {page.url}:\n" + json.dumps(report, indent=2)
        )
    return [v for v in violations if v not in failing]


def screenshot(page: Page, name: str) -> list[Path]:
    """Save full-page screenshots of the current page at desktop (1280×900) and phone (390×844) width.

    Files go to ``test-artifacts/screenshots/NAME-desktop.png`` and ``NAME-phone.png``; the
    viewport is restored to desktop afterwards.
    """
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size or DESKTOP
    paths = []
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        path = SCREENSHOT_DIR / f"{name}-{label}.png"
        # caret="initial": Playwright's default caret hiding leaves an empty ``style`` attribute on every
        # input, which htmx then copies onto swapped-in elements, tripping the CSP (style-src 'self').
        page.screenshot(path=str(path), full_page=True, animations="disabled", caret="initial")
        paths.append(path)
    page.set_viewport_size(original)
    return paths


def open_case_section(page: Page, name: str) -> None:
    """Open a section of the case page by its tab, as a user does before working in it (issue 15: the
    sections are tabs, one shown at a time; the page reopens the one last opened)."""
    page.get_by_role("navigation", name="Deler av saken").get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")
