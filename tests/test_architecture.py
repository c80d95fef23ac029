"""The house has floors: no app may import, even inside a function, an app that imports it back.

`lint-imports` (make lint) checks the layers named in pyproject.toml; this test checks the
weaker promise that holds whatever the layers say: the app-level import graph has no cycle.
grimp reads every import statement in a module, including those inside functions, so a cycle
hidden behind a function-level import is found too.
"""

import grimp
import pytest

APPS = [
    "core",
    "kemitraan",
    "partners",
    "roadmap",
    "assessments",
    "facilitation",
    "governance",
    "results",
    "reports",
    "notifications",
    "api",
    "public",
    "devtools",
]


def _excluded(module):
    parts = module.split(".")
    return "tests" in parts or "migrations" in parts


@pytest.fixture(scope="module")
def app_graph():
    graph = grimp.build_graph(*APPS, include_external_packages=False, exclude_type_checking_imports=True)
    edges = {app: {} for app in APPS}
    for module in graph.modules:
        if _excluded(module):
            continue
        source = module.split(".")[0]
        for imported in graph.find_modules_directly_imported_by(module):
            target = imported.split(".")[0]
            if target != source and not _excluded(imported):
                edges[source].setdefault(target, f"{module} -> {imported}")
    return edges


def _find_cycle(edges):
    """A list of apps forming a cycle (first == last), or None."""
    state = {}
    stack = []

    def visit(app):
        state[app] = "open"
        stack.append(app)
        for target in sorted(edges[app]):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[app] = "done"
        return None

    for app in sorted(edges):
        if app not in state:
            found = visit(app)
            if found:
                return found
    return None


def test_the_app_import_graph_has_no_cycle(app_graph):
    cycle = _find_cycle(app_graph)
    if cycle:
        steps = [app_graph[a][b] for a, b in zip(cycle, cycle[1:], strict=False)]
        pytest.fail("App-level import cycle: " + " -> ".join(cycle) + "\n" + "\n".join(steps))


def test_the_cycle_finder_finds_a_cycle_hidden_in_a_function():
    # The finder itself must be able to fail: a two-app cycle and a three-app cycle.
    assert _find_cycle({"a": {"b": ""}, "b": {"a": ""}}) == ["a", "b", "a"]
    assert _find_cycle({"a": {"b": ""}, "b": {"c": ""}, "c": {"a": ""}}) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b": ""}, "b": {"c": ""}, "c": {}}) is None


def test_grimp_sees_imports_inside_functions(tmp_path, monkeypatch):
    # The cycle test rests on this: an import written inside a function is an edge too.
    (tmp_path / "pkg_a").mkdir()
    (tmp_path / "pkg_a" / "__init__.py").write_text("def later():\n    from pkg_b import thing\n    return thing\n")
    (tmp_path / "pkg_b").mkdir()
    (tmp_path / "pkg_b" / "__init__.py").write_text("thing = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("pkg_a", "pkg_b", include_external_packages=False, cache_dir=None)
    assert graph.direct_import_exists(importer="pkg_a", imported="pkg_b")


def test_core_imports_no_app(app_graph):
    assert app_graph["core"] == {}
