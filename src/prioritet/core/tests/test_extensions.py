"""The extension protocol: each app declares its additions once, on its AppConfig; the hosts ask."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps

from prioritet.core import extensions, retention
from prioritet.core.extensions import Extension
from prioritet.core.navigation import NavItem, items_for


def test_every_app_declares_its_extension_on_its_app_config():
    declared = {config.label for config in apps.get_app_configs() if hasattr(config, "extension")}
    assert {"web", "core", "accounts", "cases", "weighting", "api", "portfolio", "public"} <= declared
    assert {"reports", "participation", "ethics", "evidence", "examples", "calibration"} <= declared
    assert all(isinstance(extension, Extension) for extension in extensions.declared())


def test_a_host_sees_only_the_extensions_of_the_kind_it_understands(monkeypatch):
    class Wider(Extension):
        pass

    plain, wider = Extension(), Wider()
    monkeypatch.setattr(extensions, "declared", lambda: [plain, wider, "not an extension"])
    assert extensions.extensions(Extension) == [plain, wider]
    assert extensions.extensions(Wider) == [wider]


def test_navigation_comes_from_the_declared_extensions_in_order(monkeypatch):
    later = NavItem("later", "Later", "home", requires_municipality=False, order=20)
    first = NavItem("first", "First", "home", requires_municipality=False, order=10)
    hidden = NavItem("hidden", "Hidden", "home", roles={"nobody"}, requires_municipality=False)
    monkeypatch.setattr(extensions, "declared", lambda: [Extension(navigation=[later, hidden]), Extension([first])])
    user = SimpleNamespace(is_authenticated=True, municipality_id=None, role="leader")
    assert [item.key for item in items_for(user)] == ["first", "later"]


def test_retention_rules_follow_the_periods_in_settings_and_need_one(monkeypatch, settings):
    def rule(kind: str) -> retention.Rule:
        return retention.Rule(kind, retention.Action.DELETE, "{days}", lambda cutoff: [])

    settings.PRIORITET_RETENTION_DAYS = {"b": 1, "a": 2}
    monkeypatch.setattr(extensions, "declared", lambda: [Extension(retention_rules=[rule("a"), rule("b")])])
    assert [r.kind for r in retention.rules()] == ["b", "a"]
    monkeypatch.setattr(extensions, "declared", lambda: [Extension(retention_rules=[rule("c")])])
    with pytest.raises(KeyError, match="No retention period for 'c'"):
        retention.rules()
