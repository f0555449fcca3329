"""Build the demo site from the source document, idempotently.

Run twice, it creates nothing twice: every object is looked up by a natural key (slug, name,
username) and left untouched when it exists, so edits made in the admin survive.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import slugify

from wagtail.models import Page, Site

from documents.models import LibraryPage, Theme
from editorial.typography import french
from home import demo_content as demo
from home.models import ContentPage, FooterSettings, HomePage
from people.models import Organisation, Person
from sessions.models import Place, SessionIndexPage, SessionPage
from territoires.models import (
    KeyIssue,
    PriorityNeighbourhood,
    ShortTermAction,
    TeamMember,
    TerritoryIndexPage,
    TerritoryPage,
)


def stream(blocks):
    """Demo StreamField data with French typography applied to every string."""

    def typeset(value):
        if isinstance(value, str):
            return french(value)
        if isinstance(value, dict):
            return {key: typeset(item) for key, item in value.items()}
        if isinstance(value, list):
            return [typeset(item) for item in value]
        return value

    return [(block_type, typeset(value)) for block_type, value in blocks]


class Command(BaseCommand):
    help = (
        "Crée le site de démonstration (pages, séances, territoires, comptes) sans rien dupliquer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Autorise la commande avec les réglages de production (elle crée des comptes "
            "au mot de passe connu).",
        )

    def handle(self, *args, force=False, **options):
        if getattr(settings, "IS_PRODUCTION", False) and not force:
            raise CommandError(
                "Réglages de production : la démonstration crée des comptes au mot de passe "
                "connu. Relancez avec --force si c’est bien voulu."
            )
        self.created = []
        with transaction.atomic(), translation.override("fr"):
            home = self.build_home()
            self.build_organisations()
            place = self.get_or_create(Place, {"name": demo.PLACE["name"]}, demo.PLACE)
            self.build_formation_page(home)
            self.build_sessions(home, place)
            self.build_territories(home)
            self.build_library(home)
            self.build_legal_pages(home)
            self.build_themes()
            users = self.build_users()
        if self.created:
            self.stdout.write(f"Créé : {len(self.created)} élément(s).")
        else:
            self.stdout.write("Rien à créer : le site de démonstration existe déjà.")
        self.stdout.write("Comptes de démonstration (mot de passe : DEMO_PASSWORD) :")
        for user, role in users:
            self.stdout.write(f"  {user.username:<16} {role}")

    # Helpers

    def get_or_create(self, model, lookup, defaults):
        obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
        if created:
            self.created.append(obj)
        return obj

    def child_page(self, parent, model, slug, **fields):
        """The live child with this slug, or a new published one; an existing page is kept."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created.append(page)
        return page

    # Builders

    def build_home(self):
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and isinstance(site.root_page.specific, HomePage):
            return site.root_page.specific
        existing = HomePage.objects.first()
        if existing is None:
            root = Page.get_first_root_node()
            # Wagtail's installation leaves a placeholder "Welcome" page: replace it.
            for child in root.get_children():
                if child.specific_class is Page and child.is_leaf():
                    child.delete()
            existing = HomePage(
                title=demo.HOME["title"],
                slug="accueil",
                lead=french(demo.HOME["lead"]),
                intro=french(demo.HOME["intro"]),
                objectives=stream(
                    [
                        (
                            "heading",
                            {"text": "Les objectifs de la formation-action", "level": "h2"},
                        ),
                        ("paragraph", demo._ul(demo.OBJECTIVES)),
                    ]
                ),
            )
            root.add_child(instance=existing)
            existing.save_revision().publish()
            self.created.append(existing)
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True, site_name="")
        site.root_page = existing
        site.site_name = "Développement économique urbain"
        site.save()
        return existing

    def build_organisations(self):
        for data in demo.ORGANISATIONS:
            fields = {key: (french(v) if isinstance(v, str) else v) for key, v in data.items()}
            self.get_or_create(Organisation, {"short_name": fields.pop("short_name")}, fields)
        consultant = dict(demo.CONSULTANT)
        consultant["organisation"] = Organisation.objects.get(short_name=consultant["organisation"])
        self.get_or_create(
            Person,
            {"first_name": consultant.pop("first_name"), "last_name": consultant.pop("last_name")},
            consultant,
        )

    def build_formation_page(self, home):
        data = demo.FORMATION_PAGE
        self.child_page(
            home,
            ContentPage,
            data["slug"],
            title=data["title"],
            lead=french(data["lead"]),
            body=stream(data["body"]),
            show_in_menus=True,
        )

    def build_sessions(self, home, place):
        index_data = demo.INDEX_PAGES["sessions"]
        index = self.child_page(
            home,
            SessionIndexPage,
            "sessions",
            title=index_data["title"],
            intro=french(index_data["intro"]),
            show_in_menus=True,
        )
        for data in demo.SESSIONS:
            if SessionPage.objects.filter(number=data["number"]).exists():
                continue
            self.child_page(
                index,
                SessionPage,
                f"seance-{data['number']}",
                title=f"Séance {data['number']} — {date_format(data['date'], 'j F Y')}",
                number=data["number"],
                date=data["date"],
                place=place,
                theme=french(data["theme"]),
                summary=french(data["summary"]),
                objectives=stream([("objective", text) for text in data["objectives"]]),
                programme=stream([("slot", slot) for slot in data["programme"]]),
                report=stream([("paragraph", data["report"])]),
                on_site_work=french(data["on_site_work"]),
                example_content=True,
            )

    def build_territories(self, home):
        index_data = demo.INDEX_PAGES["territoires"]
        index = self.child_page(
            home,
            TerritoryIndexPage,
            "territoires",
            title=index_data["title"],
            intro=french(index_data["intro"]),
            show_in_menus=True,
        )
        for data in demo.TERRITORIES:
            if index.get_children().filter(slug=data["slug"]).exists():
                continue
            organisation = self.get_or_create(
                Organisation,
                {"short_name": french(data["organisation"])},
                {"kind": Organisation.Kind.LOCAL_AUTHORITY},
            )
            team = []
            for person_data in data["team"]:
                person = self.get_or_create(
                    Person,
                    {
                        "first_name": person_data["first_name"],
                        "last_name": person_data["last_name"],
                    },
                    {
                        "role": person_data["role"],
                        "service": french(person_data["service"]),
                        "organisation": organisation,
                        "email": demo_email(person_data),
                    },
                )
                team.append(TeamMember(person=person))
            self.child_page(
                index,
                TerritoryPage,
                data["slug"],
                title=french(data["title"]),
                kind=data["kind"],
                department=data["department"],
                summary=french(data["summary"]),
                latitude=data["latitude"],
                longitude=data["longitude"],
                shared_knowledge=stream([("paragraph", f"<p>{data['knowledge']}</p>")]),
                example_content=True,
                neighbourhoods=[
                    PriorityNeighbourhood(name=french(name), municipality=french(town))
                    for name, town in data["neighbourhoods"]
                ],
                team_members=team,
                key_issues=[
                    KeyIssue(title=french(title), description=french(text))
                    for title, text in data["issues"]
                ],
                actions=[
                    ShortTermAction(title=french(title), state=state, lead=french(lead))
                    for title, state, lead in data["actions"]
                ],
            )

    def build_library(self, home):
        data = demo.INDEX_PAGES["ressources"]
        self.child_page(
            home,
            LibraryPage,
            "ressources",
            title=data["title"],
            intro=french(data["intro"]),
            show_in_menus=True,
        )

    def build_legal_pages(self, home):
        site = Site.objects.get(root_page=home)
        footer = FooterSettings.for_site(site)
        changed = False
        for data in demo.LEGAL_PAGES:
            page = self.child_page(
                home,
                ContentPage,
                data["slug"],
                title=french(data["title"]),
                lead=french(data["lead"]),
                body=stream(data["body"]),
                example_content=True,
            )
            if getattr(footer, f"{data['footer_field']}_id") is None:
                setattr(footer, data["footer_field"], page)
                changed = True
        if changed:
            footer.save()

    def build_themes(self):
        for name, slug in demo.THEMES:
            self.get_or_create(Theme, {"slug": slug}, {"name": french(name)})

    def build_users(self):
        User = get_user_model()
        roles = {
            "admin": "administrateur",
            "editeur.aradel": "éditeur (ARADEL)",
            "editeur.crdsu": "éditeur (CR•DSU)",
            "relecteur": "relecteur",
            "participant": "participant",
        }
        users = []
        for data in demo.DEMO_USERS:
            fields = dict(data)
            username = fields.pop("username")
            is_superuser = fields.pop("is_superuser", False)
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    email=f"{username}@example.org",
                    is_superuser=is_superuser,
                    is_staff=is_superuser,
                    **fields,
                )
                user.set_password(settings.DEMO_PASSWORD)
                user.save()
                self.created.append(user)
            users.append((user, roles[username]))
        return users


def demo_email(person):
    return f"{slugify(person['first_name'])}.{slugify(person['last_name'])}@example.org"
