"""Imports flow one way: an app imports only the apps listed above it in INSTALLED_APPS
(people, editorial, sessions, territoires, documents, home), never one below, even inside a
function. Read from the source with `ast`, so a lazy import counts too."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def project_apps():
    names = [app.split(".")[0] for app in settings.INSTALLED_APPS]
    return [name for name in names if (ROOT / name / "apps.py").exists()]


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_apps_import_only_the_apps_listed_above_them():
    apps = project_apps()
    assert apps == ["people", "editorial", "sessions", "territoires", "documents", "home", "demo"]
    wrong = []
    for position, app in enumerate(apps):
        allowed = set(apps[: position + 1])
        for path in sorted((ROOT / app).rglob("*.py")):
            for module in imported_modules(path):
                target = module.split(".")[0]
                if target in apps and target not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not wrong, "\n".join(wrong)
