"""The main menu marks the page you are on, and only that entry: the most specific address wins."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from prioritet.accounts.models import Role, User
from prioritet.core.navigation import NavItem, current_item


def current_links(client: Client, path: str) -> list[str]:
    """The ``href`` of every menu link marked ``aria-current="page"`` on the page at ``path``."""
    response = client.get(path)
    assert response.status_code == 200, path
    menu = re.search(r'<nav class="pri-nav".*?</nav>', response.content.decode(), re.S)
    assert menu is not None, f"no main menu on {path}"
    return re.findall(r'<a class="pri-nav__link" href="([^"]+)" aria-current="page">', menu.group(0))


@pytest.mark.parametrize(
    ("path", "current"),
    [("/cases/corrections/", "/cases/corrections/"), ("/cases/", "/cases/"), ("/", "/")],
)
def test_the_administrators_menu_marks_one_entry_the_most_specific(
    user_factory: Callable[..., User], login_client: Callable[[User], Client], path: str, current: str
) -> None:
    client = login_client(user_factory(Role.MUNICIPAL_ADMIN))
    assert current_links(client, path) == [current]


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/cases/corrections/", "corrections"),
        ("/cases/17/", "cases"),
        ("/", "home"),
        ("/public/", None),
    ],
)
def test_current_item_is_the_longest_url_that_starts_the_path(path: str, current: str | None) -> None:
    items = [
        NavItem("home", "Home", "home"),
        NavItem("cases", "Cases", "cases:list"),
        NavItem("corrections", "Corrections", "cases:corrections"),
    ]
    found = current_item(items, path)
    assert (found.key if found else None) == current
