"""notifications sits below the domain apps: its code imports none of them, not even inside a
function. The domain apps register their kinds and rules with it (notifications.registry)."""

import ast
from pathlib import Path

import notifications

DOMAIN_APPS = {"partners", "roadmap", "assessments", "governance", "facilitation", "reports", "devtools"}


def _imported_top_level_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module.split(".")[0]


def test_notifications_imports_no_domain_app():
    root = Path(notifications.__file__).parent
    files = [path for path in root.rglob("*.py") if "tests" not in path.relative_to(root).parts]
    assert len(files) > 10  # the app's modules, migrations and command were all read
    found = [
        f"{path.relative_to(root)}:{line} imports {package}"
        for path in files
        for line, package in _imported_top_level_packages(path)
        if package in DOMAIN_APPS
    ]
    assert found == []
