"""Imports flow one way: an app imports only the apps listed above it in INSTALLED_APPS
(access, people, editorial, sessions, territoires, documents, capitalisation, home, demo),
never one below, even inside a function. Read from the source with `ast`, so a lazy import counts too; and a
string that names a model, a permission or a module of an app below ("home.footersettings",
"home.change_footersettings") counts as an import of it."""

import ast
import re
from pathlib import Path

from django.apps import apps as django_apps
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
DOTTED = re.compile(r"^([a-z_]+)\.\w+$")


def project_apps():
    names = [app.split(".")[0] for app in settings.INSTALLED_APPS]
    return [name for name in names if (ROOT / name / "apps.py").exists()]


def app_of_label():
    """Each project app by its Django label and by its folder (sessions' label differs)."""
    found = {}
    for config in django_apps.get_app_configs():
        folder = config.name.split(".")[0]
        if (ROOT / folder / "apps.py").exists():
            found[config.label] = found[folder] = folder
    return found


def page_tree_rules(tree):
    """The strings of Wagtail's `parent_page_types`: a page type names where it may be created,
    and its parent is often an app below (the home page). Wagtail resolves them when the tree
    is checked, and the parent names its children too (`subpage_types`), so the rule is known
    from both ends; without it an administrator could create a section at the tree's root."""
    allowed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "parent_page_types"
            for target in node.targets
        ):
            allowed.update(id(constant) for constant in ast.walk(node.value))
    return allowed


def references(path, labels):
    """The project apps this file depends on: its imports, and the strings naming a model,
    permission or module of an app (« home.change_footersettings »)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    exempt = page_tree_rules(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, node.module.split(".")[0]
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in exempt
        ):
            match = DOTTED.match(node.value)
            if match and match.group(1) in labels:
                yield f"« {node.value} »", labels[match.group(1)]


def source_files(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:  # generated, and they name what models point at
            yield path


def test_apps_import_only_the_apps_listed_above_them():
    apps = project_apps()
    assert apps == [
        "access",
        "people",
        "editorial",
        "sessions",
        "territoires",
        "documents",
        "capitalisation",
        "home",
        "demo",
    ]
    labels = app_of_label()
    wrong = []
    for position, app in enumerate(apps):
        allowed = set(apps[: position + 1])
        for path in source_files(app):
            for what, target in references(path, labels):
                if target in apps and target not in allowed:
                    wrong.append(f"{path.relative_to(ROOT)} names {what}")
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_strings_and_lazy_imports(tmp_path):
    """The test above would pass on a file it cannot read: show it reads what it must."""
    source = tmp_path / "sample.py"
    source.write_text(
        "def later():\n"
        "    from home.models import HomePage\n"
        'RIGHTS = ["home.change_footersettings"]\n'
        'parent_page_types = ["home.HomePage"]\n'
        'TEMPLATE = "pages/home.html"\n',
        encoding="utf-8",
    )
    found = list(references(source, app_of_label()))
    assert found == [("home.models", "home"), ("« home.change_footersettings »", "home")]
