"""The admin an editor uses speaks French: no English word, no « None », on any of its pages.

One walk through the pages an editor opens (dashboard, explorer, the editing and adding forms
of every page type, documents, images, snippets, workflow reports, history and a revert), plus
the two login pages; the visible text and the attributes read aloud or shown on hover are
checked against words Wagtail or Django would print in English.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import reverse

from wagtail.images import get_image_model
from wagtail.models import Page, WorkflowState

import pytest

from demo.content import PENDING_PAGE
from documents.models import Resource
from editorial.models import Theme
from people.models import Organisation, Person
from sessions.models import Place

pytestmark = pytest.mark.django_db

# English words the French admin must not show. Capitalised, as in a label or a button, so
# that French words (« page », « collection », « action ») and content do not match; « None »
# is Python's empty value leaking into text; « workflow » is said « circuit de validation ».
ENGLISH = re.compile(
    r"\b(None|Password|Username|Root|Save|Selected|Submit|Cancel|Delete|Edit|Add|Search|"
    r"Choose|Upload|Preview|Publish|Draft|Settings|Dashboard|Home|Title|Status|Select|"
    r"Filter|Sort|Close|Loading|Back|Next|Previous|Show|Hide|Unknown|Yes|Help|Log in|"
    r"Sign in|History|Revisions?|Compare|Copy|Move|Privacy|Public|Private|Owner|Created|"
    r"Updated|Edited|Required|Optional|Clear|Reset|Apply|Today|Now|Remove|Items?)\b"
    r"|\b[Ww]orkflows?\b"
    # An agreement left open: « Ajouter un(e) enjeu », « Ce(tte) page est référencé(e) »,
    # « Verrouillez le/la », « nouveau(elle) ».
    r"|\((?:e|tte|la|le|ne|ve|elle)\)|\b[Ll]e/la\b|\bil/elle\b|\b[Cc]e/cette\b"
)
# Wagtail's own guide and documentation are in English: these editors have theirs, in French
# (/admin/guide/).
ENGLISH_GUIDE = re.compile(r"""href=["']?(https?://(?:guide|docs)\.wagtail\.org[^"'\s>]*)""")

# Attributes a user reads: shown on hover, read aloud, or written in a field or button.
READ_ATTRIBUTES = {
    "title",
    "aria-label",
    "placeholder",
    "alt",
    "aria-description",
    "data-w-tooltip-content-value",
}
BUTTON_VALUE_TYPES = {"submit", "button", "reset"}
HIDDEN_CONTENT = {"script", "style", "noscript", "svg"}


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden_depth = 0
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_CONTENT:
            self.hidden_depth += 1
            return
        attrs = dict(attrs)
        for name in READ_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in BUTTON_VALUE_TYPES and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in HIDDEN_CONTENT and self.hidden_depth:
            self.hidden_depth -= 1

    def handle_data(self, data):
        if not self.hidden_depth and data.strip():
            self.parts.append(data.strip())


def english_in(html):
    parser = VisibleText()
    parser.feed(html)
    findings = []
    for part in parser.parts:
        for match in ENGLISH.finditer(part):
            findings.append(f"{match.group(0)!r} in {part[:120]!r}")
    for link in ENGLISH_GUIDE.findall(html):
        findings.append(f"link to Wagtail's English guide: {link}")
    return findings


def admin_pages(editor):
    """The admin pages an editor uses, by name."""
    pages = {"tableau de bord": reverse("wagtailadmin_home")}
    home = Page.objects.get(depth=2)
    pages["explorateur (racine)"] = reverse("wagtailadmin_explore_root")
    pages["explorateur (accueil)"] = reverse("wagtailadmin_explore", args=[home.pk])
    pages["choix du type de page"] = reverse("wagtailadmin_pages:add_subpage", args=[home.pk])
    seen = set()
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        model = type(page)
        if model in seen:
            continue
        seen.add(model)
        name = model._meta.verbose_name
        pages[f"modification : {name}"] = reverse("wagtailadmin_pages:edit", args=[page.pk])
        parent = page.get_parent()
        if model.can_create_at(parent):
            meta = model._meta
            pages[f"ajout : {name}"] = reverse(
                "wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk]
            )
    page = Page.objects.filter(depth__gt=2).order_by("path").first()
    revision = page.revisions.order_by("created_at").first()
    pages["historique d’une page"] = reverse("wagtailadmin_pages:history", args=[page.pk])
    pages["retour à une version"] = reverse(
        "wagtailadmin_pages:revisions_revert", args=[page.pk, revision.pk]
    )
    resource = Resource.objects.order_by("pk").first()
    image = get_image_model().objects.order_by("pk").first()
    pages.update(
        {
            "documents": reverse("wagtaildocs:index"),
            "modification d’un document": reverse("wagtaildocs:edit", args=[resource.pk]),
            "ajout d’un document": reverse("wagtaildocs:add"),
            "ajout de documents": reverse("wagtaildocs:add_multiple"),
            "images": reverse("wagtailimages:index"),
            "ajout d’images": reverse("wagtailimages:add_multiple"),
            "circuits de validation (rapport)": reverse("wagtailadmin_reports:workflow"),
            "étapes de validation (rapport)": reverse("wagtailadmin_reports:workflow_tasks"),
            "compte": reverse("wagtailadmin_account"),
        }
    )
    if image is not None:
        pages["modification d’une image"] = reverse("wagtailimages:edit", args=[image.pk])
    for model in (Organisation, Person, Place, Theme):
        viewset = model.snippet_viewset
        name = model._meta.verbose_name_plural
        pages[f"liste : {name}"] = reverse(viewset.get_url_name("list"))
        pages[f"ajout : {name}"] = reverse(viewset.get_url_name("add"))
        obj = model.objects.order_by("pk").first()
        pages[f"modification : {name}"] = reverse(viewset.get_url_name("edit"), args=[obj.pk])
    return pages


def test_the_admin_an_editor_uses_has_no_english_word_and_no_none(client, demo):
    findings = {}
    for name, url in {"connexion à l’administration": "/admin/login/"}.items():
        response = client.get(url)
        assert response.status_code == 200, url
        findings[name] = english_in(response.content.decode())
    response = client.get("/connexion/")
    assert response.status_code == 200
    findings["connexion au site"] = english_in(response.content.decode())

    editor = get_user_model().objects.get(username="editeur.aradel")
    client.force_login(editor)
    for name, url in admin_pages(editor).items():
        response = client.get(url, follow=True)
        assert response.status_code == 200, f"{name}: {url} → {response.status_code}"
        findings[f"{name} ({url})"] = english_in(response.content.decode())
        if name == "modification : territoire":
            assert "Ajouter : enjeu clé" in response.content.decode()
        if "/edit/" in url and "/pages/" in url:
            # The date picker's « Save Selected » is built by Wagtail's bundled script, not in
            # the page: the site's admin script renames it (home/static/home/admin_french.js).
            assert "home/admin_french.js" in response.content.decode(), url
        if name.startswith("modification : ") and "/edit/" in url:
            # The « Statut » side panel (lock, usage, moderation) is part of what is read.
            assert 'data-side-panel="status"' in response.content.decode(), url
    # The reviewer's side of the workflow: the page waiting for review on the dashboard, its
    # workflow history, and the preview of the task.
    pending = Page.objects.get(slug=PENDING_PAGE["slug"])
    home = Page.objects.get(depth=2)
    state = WorkflowState.objects.get(object_id=str(pending.pk), status="in_progress")
    client.force_login(get_user_model().objects.get(username="relecteur"))
    for name, url in {
        "tableau de bord du relecteur": reverse("wagtailadmin_home"),
        "historique de validation": reverse(
            "wagtailadmin_pages:workflow_history", args=[pending.pk]
        ),
        "détail d’une validation": reverse(
            "wagtailadmin_pages:workflow_history_detail", args=[pending.pk, state.pk]
        ),
        "page à relire": reverse("wagtailadmin_pages:edit", args=[pending.pk]),
        "comparaison avec la version publiée": reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[home.pk, "live", home.latest_revision_id],
        ),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name}: {url} → {response.status_code}"
        findings[f"{name} ({url})"] = english_in(response.content.decode())
    # The author's side once the reviewer asks for changes (access.review): the message on
    # the edit form and the dashboard's « Modifications demandées ».
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[pending.pk, "reject", state.current_task_state.pk],
        ),
        {"comment": "Préciser les dates."},
    )
    assert response.status_code == 302
    client.force_login(get_user_model().objects.get(username="editeur.aradel"))
    for name, url in {
        "tableau de bord, modifications demandées": reverse("wagtailadmin_home"),
        "page renvoyée à l’éditeur": reverse("wagtailadmin_pages:edit", args=[pending.pk]),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, f"{name}: {url} → {response.status_code}"
        assert "Préciser les dates." in response.content.decode(), name
        findings[f"{name} ({url})"] = english_in(response.content.decode())
    findings = {name: found for name, found in findings.items() if found}
    report = "\n".join(
        f"{name}:\n  " + "\n  ".join(sorted(set(found))) for name, found in findings.items()
    )
    assert not findings, "English in the French admin:\n" + report


def test_the_date_picker_button_is_renamed_in_french():
    from django.contrib.staticfiles import finders

    script = Path(finders.find("home/admin_french.js")).read_text(encoding="utf-8")
    assert ".xdsoft_save_selected" in script
    assert "Enregistrer la sélection" in script


def test_the_compiled_french_overrides_match_their_source():
    """site/locale's .mo is what Django reads: it must say what the .po says."""
    import shutil
    import subprocess

    from django.conf import settings

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("msgfmt (GNU gettext) is not installed")
    folder = Path(settings.LOCALE_PATHS[0]) / "fr" / "LC_MESSAGES"
    for po in folder.glob("*.po"):
        compiled = subprocess.run([msgfmt, "-o", "-", po], check=True, capture_output=True).stdout
        assert compiled == po.with_suffix(".mo").read_bytes(), (
            f"{po.name} a changé : relancez scripts/french_overrides.py"
        )


def french_overrides():
    """scripts/french_overrides.py, which is a script, not a package."""
    import importlib.util

    path = Path(__file__).resolve().parent.parent / "scripts" / "french_overrides.py"
    spec = importlib.util.spec_from_file_location("french_overrides", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def english_of(lines):
    """The msgid of an entry's lines, its quoted pieces joined."""
    field, english = None, ""
    for line in lines:
        if not line.startswith('"'):
            field = line.split(" ", 1)[0]
        if field == "msgid":
            english += re.search(r'"(.*)"', line).group(1)
    return english


def reworded_entries(script, domain):
    """{Wagtail's English: [the site's French, one per plural form]} as the script writes them."""
    reworded = {}
    for lines in script.overrides(domain):
        start = script.msgstr_start(lines)
        english = english_of(lines[:start])
        reworded[english] = [text for _, text in script.translations(lines[start:])]
    return reworded


@pytest.mark.parametrize(
    ("english", "french"),
    [
        # The « Statut » side panel of a page or a snippet.
        (
            "Anyone can edit this %(model_name)s – lock it to prevent others from editing",
            "Ce contenu (%(model_name)s) est modifiable par tous. Verrouillez-le pour empêcher "
            "d'autres utilisateurs de le modifier",
        ),
        (
            "Anyone can edit this %(model_name)s",
            "Ce contenu (%(model_name)s) est modifiable par tous",
        ),
        ("Unlocked", "Déverrouillé"),
        ("Referenced %(count)s time", "Référencé %(count)s fois"),
        ("Used %(usage_count)s time", "Utilisé %(usage_count)s fois"),
        (
            "This %(model_name)s is referenced %(usage_count)s time.",
            "Ce contenu (%(model_name)s) est référencé %(usage_count)s fois.",
        ),
        (
            "This %(model_name)s hasn't been submitted for moderation yet",
            "Ce contenu (%(model_name)s) n'a pas encore été soumis pour modération",
        ),
        (
            "You can preview the %(model_name)s here:",
            "Vous pouvez prévisualiser le contenu (%(model_name)s) ici :",
        ),
        (
            "Reviewers can edit this %(model_name)s – lock it to prevent other reviewers from editing",
            "Les modérateurs peuvent modifier ce contenu (%(model_name)s) – verrouillez-le pour "
            "empêcher les autres modérateurs de le modifier.",
        ),
        # Messages after saving a snippet: the type and the title, then a participle that agrees.
        (
            "%(model_name)s '%(object)s' updated.",
            "Le contenu « %(object)s » (%(model_name)s) a été modifié.",
        ),
        (
            "%(model_name)s '%(object)s' has been submitted for moderation.",
            "Le contenu « %(object)s » (%(model_name)s) a été soumis à validation.",
        ),
        (
            "%(count)d %(model_name)s deleted.",
            "Contenus supprimés (%(model_name)s)\u00a0: %(count)d.",
        ),
        (
            'Version %(revision_id)s of \\"%(object)s\\" unscheduled.',
            "Version %(revision_id)s de « %(object)s » déprogrammée.",
        ),
        ("New: %(model_name)s", "Création\u00a0: %(model_name)s"),
        (
            "Are you sure you want to delete this page?",
            "Voulez-vous vraiment supprimer cette page ?",
        ),
        (
            'The page \\"%(title)s\\" has been submitted to workflow \\"%(workflow)s\\"',
            "La page « %(title)s » a été soumise dans le circuit de validation « %(workflow)s ».",
        ),
    ],
)
def test_wagtails_open_agreements_are_reworded_in_real_french(english, french):
    reworded = {
        key: forms
        for domain in ("django", "djangojs")
        for key, forms in reworded_entries(french_overrides(), domain).items()
    }
    assert english in reworded, english
    assert reworded[english][0].replace("\u00a0", " ") == french.replace("\u00a0", " ")


def test_every_rewording_closes_its_agreements_and_keeps_its_placeholders():
    script = french_overrides()
    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
    for domain in ("django", "djangojs"):
        for po in script.WAGTAIL.rglob(f"locale/fr/LC_MESSAGES/{domain}.po"):
            for lines in script.entries(po.read_text(encoding="utf-8")):
                lines = [line for line in lines if not line.startswith("#")]
                if not any(line.startswith("msgstr") for line in lines):
                    continue
                for _, text in script.translations(lines[script.msgstr_start(lines) :]):
                    if not script.OPEN_AGREEMENT.search(text):
                        continue
                    new = script.reword(text)
                    assert not script.OPEN_AGREEMENT.search(new), f"{text!r} → {new!r}"
                    assert sorted(placeholder.findall(new)) == sorted(placeholder.findall(text)), (
                        new
                    )


def test_django_reads_the_reworded_french_before_wagtails():
    from django.utils import translation

    with translation.override("fr"):
        assert translation.gettext("Unlocked") == "Déverrouillé"
        assert (
            translation.ngettext("Referenced %(count)s time", "Referenced %(count)s times", 3)
            % {"count": 3}
            == "Référencé 3 fois"
        )


def test_the_dashboard_and_the_checks_panel_open_the_sites_french_guide(client, demo):
    client.force_login(get_user_model().objects.get(username="editeur.aradel"))
    guide = reverse("editors_guide")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert f'href="{guide}">Guide de rédaction</a>' in dashboard
    home = Page.objects.get(depth=2)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[home.pk])).content.decode()
    assert f'href="{guide}#apercu"' in edit
    assert client.get(guide).status_code == 200
