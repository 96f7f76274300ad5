"""No new import cycles between the package's modules (grimp, which import-linter is built on).

The layer contracts keep apps from importing each other the wrong way; this keeps the modules of one
app from importing each other in a circle (a model importing the view helpers that name the model,
say). Type-checking imports count: a cycle only a type checker sees still ties the two modules together.
"""

from __future__ import annotations

import grimp

#: The cycles that are still there, each a set of modules, and why. A cycle that is broken may be
#: removed from here; a new one fails the test.
KNOWN = {
    # The protocol names its fields' types (NavItem, Rule, HomeSource, ColumnNames, for the type checker
    # only) and the hosts that define them ask the protocol for the declarations.
    frozenset(
        {
            "prioritet.core.columns",
            "prioritet.core.extensions",
            "prioritet.core.home",
            "prioritet.core.navigation",
            "prioritet.core.retention",
        }
    ),
    # A service queues the task, the task runs the service.
    frozenset({"prioritet.reports.services", "prioritet.reports.tasks"}),
    frozenset({"prioritet.participation.services", "prioritet.participation.tasks"}),
    frozenset(
        {
            "prioritet.portfolio.analysis",
            "prioritet.portfolio.selectors",
            "prioritet.portfolio.services",
            "prioritet.portfolio.tasks",
        }
    ),
}


def module_cycles(package: str) -> list[frozenset[str]]:
    """The strongly connected components of more than one module in the package's import graph."""
    graph = grimp.build_graph(package)
    modules = sorted(graph.modules)
    imports = {m: sorted(graph.find_modules_directly_imported_by(m) & graph.modules) for m in modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in imports[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = set()
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.add(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for module in modules:
        if module not in index:
            visit(module)
    return found


def test_no_module_imports_itself_through_others():
    new = [sorted(cycle) for cycle in module_cycles("prioritet") if cycle not in KNOWN]
    assert not new, f"import cycles between modules: {new}"


def test_the_cycles_named_in_the_review_are_broken():
    graph = grimp.build_graph("prioritet")
    for a, b in [
        ("prioritet.accounts.models", "prioritet.accounts.tenancy"),
        ("prioritet.cases.extensions", "prioritet.cases.selectors"),
        ("prioritet.cases.forms", "prioritet.cases.selectors"),
    ]:
        assert not (graph.find_shortest_chain(a, b) and graph.find_shortest_chain(b, a)), (a, b)
