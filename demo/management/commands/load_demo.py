"""Build the demo site from the source document, idempotently.

The demo is a list of named steps, each applied once and recorded (demo.DemoStep), like
migrations: run again, the command creates nothing twice, changes nothing that exists and
does not bring back what an editor deleted; a step added to the list later is applied to
existing sites on their next run.
"""

import os
from base64 import b32decode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify

from wagtail.blocks import StreamValue
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_registry
from wagtail.models import Collection, DraftStateMixin, Page, Site

from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from access.roles import restrict_to_participants, setup_roles
from capitalisation.models import (
    CapitalisationPage,
    OpenDataPage,
    ProcessStep,
    ThemeSynthesis,
)
from demo import content as demo
from demo.commands import DemoCommand
from demo.content import stream
from demo.files import file_bytes, placeholder_logo
from demo.models import DemoStep
from documents.collections import default_private_collection, public_collection
from documents.models import (
    LibraryPage,
    PickedDocument,
    Resource,
    ResourceCollectionPage,
)
from documents.pipeline import ingest
from editorial.models import Theme
from editorial.typography import french
from home.models import (
    ContactFormField,
    ContactPage,
    ContentPage,
    FooterSettings,
    HomePage,
    ParticipantsAreaPage,
    SitemapPage,
)
from people.models import Organisation, Person
from people.two_factor import is_required
from sessions.models import Place, SessionIndexPage, SessionPage
from territoires.models import (
    KeyIssue,
    PriorityNeighbourhood,
    ShortTermAction,
    TeamMember,
    TerritoryIndexPage,
    TerritoryPage,
    TerritoryProposal,
)


class Command(DemoCommand):
    help = (
        "Crée le site de démonstration (pages, séances, territoires, comptes) sans rien dupliquer."
    )

    production_refusal = (
        "Réglages de production : la démonstration crée des comptes au mot de passe "
        "connu. Relancez avec --force si c’est bien voulu."
    )
    force_help = (
        "Autorise la commande avec les réglages de production (elle crée des comptes "
        "au mot de passe connu)."
    )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.created = []
        applied = set(DemoStep.objects.values_list("name", flat=True))
        new_steps = []
        with transaction.atomic(), translation.override("fr"):
            for name, build in self.steps():
                if name in applied:
                    continue
                build()
                DemoStep.objects.create(name=name)
                new_steps.append(name)
        self.report(new_steps)

    def report(self, new_steps):
        """A few lines for `make run`: what was built, what was not sent, the accounts."""
        verbose = self.verbosity > 1
        if not new_steps:
            self.stdout.write("Rien à créer : le site de démonstration existe déjà.")
        else:
            created = f"{len(self.created)} élément{'s' if len(self.created) > 1 else ''}"
            done = "construite" if len(new_steps) == len(self.steps()) else "complétée"
            steps = f" (étapes : {', '.join(new_steps)})" if verbose or done == "complétée" else ""
            self.stdout.write(f"Démonstration {done} : {created}{steps}.")
        held = self.held_mails()
        if held:
            self.stdout.write(
                f"Courriels de la démonstration (circuit de validation) retenus, non envoyés : "
                f"{len(held)}."
            )
            if verbose:
                for message in held:
                    self.stdout.write(f"  à {', '.join(message.to)} : {message.subject}")
        # The password is printed only when it is the demo's own, not one chosen for this
        # server through DEMO_PASSWORD.
        chosen = os.environ.get("DEMO_PASSWORD")
        password = "celui de DEMO_PASSWORD" if chosen else settings.DEMO_PASSWORD
        self.stdout.write(f"Comptes de démonstration (mot de passe : {password}) :")
        for data in [*demo.DEMO_USERS, demo.PUBLISHER_USER]:
            self.stdout.write(f"  {data['username']:<16} {data['role_label']}")

    def steps(self):
        """The demo's steps, in order; never rename one (it would be applied again)."""
        return [
            ("accueil", self.build_home),
            ("organisations", self.build_organisations),
            ("lieu", self.build_place),
            ("page-formation", self.build_formation_page),
            ("seances", self.build_sessions),
            ("territoires", self.build_territories),
            ("ressources", self.build_library),
            ("pages-legales", self.build_legal_pages),
            ("themes", self.build_themes),
            ("comptes", self.build_users),
            ("documents", self.build_documents),
            ("collections-de-ressources", self.build_resource_collections),
            ("roles-des-comptes", self.build_account_roles),
            ("soumission-en-attente", self.build_pending_submission),
            ("espace-participants", self.build_participants_area),
            ("durees-de-conservation", self.build_privacy_retention),
            ("double-authentification", self.build_second_factor),
            ("journal-des-versions", self.build_revision_log),
            ("capitalisation", self.build_capitalisation),
            ("donnees-ouvertes", self.build_open_data),
            ("resumes-des-territoires-d-exemple", self.build_territory_summary_flags),
            ("intros-des-collections", self.build_collection_intros),
            ("pages-legales-completes", self.build_complete_legal_pages),
            ("partenaires-logos-et-financeurs", self.build_partner_details),
            ("plan-du-site-et-contact", self.build_sitemap_and_contact),
            ("et-apres", self.build_aftermath),
            ("annuaire-et-nouveautes", self.build_directory_consent),
            ("propositions-des-territoires", self.build_territory_proposals),
        ]

    # Helpers

    def get_or_create(self, model, lookup, defaults):
        obj, created = model.objects.get_or_create(**lookup, defaults=defaults)
        if created:
            self.created.append(obj)
            if isinstance(obj, DraftStateMixin):
                # Published with a first revision, as an edit in the admin would leave it: the
                # shared snippets go through the editorial workflow (access.snippets).
                obj.save_revision(log_action=True).publish(log_action=False)
        return obj

    def home(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        root = site.root_page.specific if site else None
        if not isinstance(root, HomePage):
            raise CommandError(
                "Le site par défaut n’a pas pour racine la page d’accueil de la formation : "
                "rétablissez-la dans Paramètres > Sites avant de relancer la démonstration."
            )
        return root

    def child_page(self, parent, model, slug, **fields):
        """A new published child page; an existing child with this slug is kept as it is."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision(log_action=True).publish()
        self.created.append(page)
        return page

    # Builders

    def build_home(self):
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and isinstance(site.root_page.specific, HomePage):
            return
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
            existing.save_revision(log_action=True).publish()
            self.created.append(existing)
        if site is None:
            site = Site(hostname="localhost", port=80, is_default_site=True, site_name="")
        site.root_page = existing
        site.site_name = "Développement économique urbain"
        site.save()

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

    def build_place(self):
        self.get_or_create(Place, {"name": demo.PLACE["name"]}, demo.PLACE)

    def build_formation_page(self):
        data = demo.FORMATION_PAGE
        self.child_page(
            self.home(),
            ContentPage,
            data["slug"],
            title=data["title"],
            lead=french(data["lead"]),
            body=stream(data["body"]),
            show_in_menus=True,
        )

    def build_sessions(self):
        place = Place.objects.filter(name=demo.PLACE["name"]).first()
        index_data = demo.INDEX_PAGES["sessions"]
        index = self.child_page(
            self.home(),
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
                # The source gives the number, date and place; the rest is invented.
                theme_example=True,
                objectives_example=True,
                programme_example=True,
                report_example=True,
                on_site_work_example=True,
            )

    def build_territories(self):
        index_data = demo.INDEX_PAGES["territoires"]
        index = self.child_page(
            self.home(),
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
                team.append(TeamMember(person=person, example_content=True))
            self.child_page(
                index,
                TerritoryPage,
                data["slug"],
                title=french(data["title"]),
                kind=data["kind"],
                department=data["department"],
                summary=french(data["summary"]),
                summary_example=True,
                latitude=data["latitude"],
                longitude=data["longitude"],
                # The source gives the name (kind, department and position follow from it);
                # the rest is invented, item by item, so that an editor's additions are not.
                shared_knowledge=stream([("paragraph", f"<p>{data['knowledge']}</p>")]),
                shared_knowledge_example=True,
                neighbourhoods=[
                    PriorityNeighbourhood(
                        name=french(name), municipality=french(town), example_content=True
                    )
                    for name, town in data["neighbourhoods"]
                ],
                team_members=team,
                key_issues=[
                    KeyIssue(title=french(title), description=french(text), example_content=True)
                    for title, text in data["issues"]
                ],
                actions=[
                    ShortTermAction(
                        title=french(title), state=state, lead=french(lead), example_content=True
                    )
                    for title, state, lead in data["actions"]
                ],
            )

    def build_library(self):
        data = demo.INDEX_PAGES["ressources"]
        self.child_page(
            self.home(),
            LibraryPage,
            "ressources",
            title=data["title"],
            intro=french(data["intro"]),
            show_in_menus=True,
        )

    def build_legal_pages(self):
        home = self.home()
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
                example_content=data.get("example_content", True),
            )
            if getattr(footer, f"{data['footer_field']}_id") is None:
                setattr(footer, data["footer_field"], page)
                changed = True
        if changed:
            footer.save()

    def build_privacy_retention(self):
        """The privacy page states how long personal data is kept (added to the page's end,
        on demo sites built before it said so; a page an editor deleted stays deleted)."""
        page = ContentPage.objects.filter(slug="donnees-personnelles").first()
        if page is None or any(block.block_type == "retention_periods" for block in page.body):
            return  # the page lists the durations the site applies (« pages-legales-completes »)
        for block_type, value in stream(demo.privacy_retention(settings.ACCESS_LOG_RETENTION_DAYS)):
            page.body.append((block_type, value))
        page.save_revision(log_action=True).publish()

    def build_territory_summary_flags(self):
        """The territories' short presentations are invented too (the source names the
        territories, no more): marked « Contenu d’exemple » where it is still the demo's text,
        on demo sites built before the mark existed."""
        summaries = {data["slug"]: french(data["summary"]) for data in demo.TERRITORIES}
        for page in TerritoryPage.objects.filter(slug__in=summaries, summary_example=False):
            if page.summary == summaries[page.slug]:
                self.update_page(page, summary_example=True)

    def build_collection_intros(self):
        """Collection introductions that claimed what the source does not say (a synthesis,
        action sheets) keep to it now, where an editor has not rewritten them."""
        new = {data["slug"]: data["intro"] for data in demo.RESOURCE_COLLECTIONS}
        for slug, old in demo.OLD_COLLECTION_INTROS.items():
            for page in ResourceCollectionPage.objects.filter(slug=slug):
                if page.intro == f"<p>{french(old)}</p>":
                    self.update_page(page, intro=f"<p>{french(new[slug])}</p>")

    def build_complete_legal_pages(self):
        """The accessibility statement says what RGAA and the law ask (a site without an audit
        is « non conforme »), the privacy page what the GDPR asks, the durations read from the
        settings; what the demo cannot know is marked passage by passage. Demo sites built
        before get them, unless a person has edited the page since."""
        for data in demo.LEGAL_PAGES:
            if "example_content" not in data:
                continue  # the legal notice is unchanged
            page = ContentPage.objects.filter(slug=data["slug"]).first()
            if page is None or page.revisions.exclude(user=None).exists():
                continue
            body = stream(data["body"])
            if [(block.block_type) for block in page.body] == [name for name, _ in body]:
                continue  # built with this text already
            self.update_page(
                page,
                lead=french(data["lead"]),
                body=body,
                example_content=data["example_content"],
            )

    def build_directory_consent(self):
        """The directory shows an e-mail address only with its person's consent (#19): the
        demo participant has given theirs, the others not. The privacy page says so, and
        names the e-mail news, on demo sites built before it did (unless a person edited it)."""
        Person.objects.filter(user__username="participant").update(show_email=True)
        page = ContentPage.objects.filter(slug="donnees-personnelles").first()
        if page is None or page.revisions.exclude(user=None).exists():
            return
        replacements = [
            (french(demo.OLD_PRIVACY_DIRECTORY_ITEM), french(demo.PRIVACY_DIRECTORY_ITEM)),
            (french(demo.OLD_PRIVACY_MAIL_ITEM), french(demo.PRIVACY_MAIL_ITEM)),
        ]
        body = list(page.body.raw_data)
        changed = False
        for block in body:
            if block["type"] != "paragraph":
                continue
            for old, new in replacements:
                if old in block["value"]:
                    block["value"] = block["value"].replace(old, new)
                    changed = True
        if changed:
            self.update_page(page, body=StreamValue(page.body.stream_block, body, is_lazy=True))

    def build_aftermath(self):
        """The site is an archive of 2014: the home page says where the work went next, a
        few actions what became of them (« Et après ? »), both invented for the demo and
        marked so; the participants' area no longer speaks of documents « pas encore
        publics ». Nothing a person has written is replaced."""
        home = HomePage.objects.first()
        if home is not None and not home.aftermath:
            self.update_page(home, aftermath=french(demo.AFTERMATH_HTML), aftermath_example=True)
        outcomes = {
            (slug, french(title)): value for (slug, title), value in demo.ACTION_OUTCOMES.items()
        }
        slugs = {slug for slug, _title in outcomes}
        for page in TerritoryPage.objects.filter(slug__in=slugs):
            if page.has_unpublished_changes:
                continue
            actions = list(page.actions.all())
            changed = False
            for action in actions:
                found = outcomes.get((page.slug, action.title))
                if found and action.example_content and not action.outcome:
                    action.outcome, action.outcome_date = french(found[0]), found[1]
                    action.outcome_example = True
                    changed = True
            if changed:
                page.actions = actions
                page.save_revision(log_action=True).publish()
        old_intro = f"<p>{french(demo.OLD_PARTICIPANTS_AREA_INTRO)}</p>"
        for area in ParticipantsAreaPage.objects.filter(intro=old_intro):
            self.update_page(area, intro=f"<p>{french(demo.PARTICIPANTS_AREA['intro'])}</p>")

    def update_page(self, page, **fields):
        """A demo page changed by a later step, published with its revision (its history says
        so), unless an editor has a draft of it under way."""
        if page.has_unpublished_changes:
            return
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision(log_action=True).publish()

    def build_revision_log(self):
        """Demo sites built before the loader logged its revisions (« save_revision() » alone
        writes no history entry): each published version gets the entry Wagtail's history
        hangs its actions on (« Aperçu », « Revenir à cette version », « Comparer »), as
        Wagtail's create_log_entries_from_revisions would write it."""
        for model in (Page, Organisation, Person, Place, Theme):
            published = model.objects.filter(live_revision__isnull=False)
            for obj in published.select_related("live_revision", "live_revision__user"):
                revision = obj.live_revision
                logged = log_registry.get_logs_for_instance(obj).filter(
                    revision=revision, content_changed=True
                )
                if logged.exclude(action="wagtail.publish").exists():
                    continue
                log(
                    instance=obj.specific if isinstance(obj, Page) else obj,
                    action="wagtail.edit",
                    user=revision.user,
                    revision=revision,
                    content_changed=True,
                    timestamp=revision.created_at,
                )

    def placeholder_logo(self, short_name):
        """A stand-in logo in the public root collection, that says it is one (demo.files);
        its description, the text alternative, says so too."""
        slug = slugify(short_name.replace("•", "-")) or "organisation"
        image = get_image_model()(
            title=f"Logo provisoire — {short_name}",
            description=f"{short_name} (logo provisoire)",
            collection=Collection.get_first_root_node(),
            file=ImageFile(ContentFile(placeholder_logo(short_name)), name=f"logo-{slug}.png"),
        )
        image.save()
        self.created.append(image)
        return image

    def build_partner_details(self):
        """The partners' websites, postal addresses and logos, and the funders: the websites
        are the partners' own; addresses, logos and funders are placeholders, flagged
        « Contenu d'exemple » (demo.content). A field an editor filled is kept; a partner an
        editor deleted stays deleted."""
        for short_name, details in demo.PARTNER_DETAILS.items():
            organisation = Organisation.objects.filter(short_name=french(short_name)).first()
            if organisation is None:
                continue
            changed = False
            if not organisation.website:
                organisation.website = details["website"]
                changed = True
            if not organisation.address:
                organisation.address = french(details["address"])
                organisation.example_content = True
                changed = True
            if organisation.logo_id is None:
                organisation.logo = self.placeholder_logo(organisation.short_name)
                organisation.example_content = True
                changed = True
            if changed:
                # A new version, so that the admin edits what the site shows.
                organisation.save_revision(log_action=True).publish(log_action=False)
        for data in demo.FUNDERS:
            short_name = french(data["short_name"])
            if Organisation.objects.filter(short_name=short_name).exists():
                continue
            fields = {key: french(value) for key, value in data.items() if key != "short_name"}
            self.get_or_create(
                Organisation,
                {"short_name": short_name},
                {
                    **fields,
                    "is_funder": True,
                    "example_content": True,
                    "logo": self.placeholder_logo(short_name),
                },
            )

    def build_sitemap_and_contact(self):
        """« Plan du site » and « Contact », linked from the footer; the privacy page says
        what becomes of the contact form's messages."""
        home = self.home()
        data = demo.SITEMAP_PAGE
        sitemap = self.child_page(
            home,
            SitemapPage,
            data["slug"],
            title=data["title"],
            intro=f"<p>{french(data['intro'])}</p>",
        )
        data = demo.CONTACT_PAGE
        contact = self.child_page(
            home,
            ContactPage,
            data["slug"],
            title=data["title"],
            intro=f"<p>{french(data['intro'])}</p>",
            thank_you_text=f"<p>{french(data['thank_you'])}</p>",
            subject=french(data["subject"]),
            form_fields=[
                ContactFormField(label=label, field_type=kind, required=required, sort_order=n)
                for n, (label, kind, required) in enumerate(data["fields"])
            ],
        )
        site = Site.objects.get(root_page=home)
        footer = FooterSettings.for_site(site)
        if footer.sitemap_page_id is None or footer.contact_page_id is None:
            footer.sitemap_page = footer.sitemap_page or sitemap
            footer.contact_page = footer.contact_page or contact
            footer.save()
        page = ContentPage.objects.filter(slug="donnees-personnelles").first()
        if page is not None:
            for block_type, value in stream(demo.privacy_contact(settings.CONTACT_RETENTION_DAYS)):
                page.body.append((block_type, value))
            page.save_revision(log_action=True).publish()

    def build_second_factor(self):
        """The demo accounts that must give a second factor to open the admin (people.two_factor)
        get an authenticator app already set with DEMO_TOTP_SECRET (README)."""
        key = b32decode(settings.DEMO_TOTP_SECRET.replace(" ", "").upper()).hex()
        usernames = [u["username"] for u in demo.DEMO_USERS] + [demo.PUBLISHER_USER["username"]]
        for user in get_user_model().objects.filter(username__in=usernames):
            if is_required(user) and not user_has_device(user):
                TOTPDevice.objects.create(
                    user=user, name="Application de démonstration", key=key, confirmed=True
                )

    def build_themes(self):
        for name, slug in demo.THEMES:
            self.get_or_create(Theme, {"slug": slug}, {"name": french(name)})

    def build_users(self):
        for data in demo.DEMO_USERS:
            self.demo_user(data)

    def demo_user(self, data):
        """A demo account with the shared demo password, unless it exists already."""
        User = get_user_model()
        if User.objects.filter(username=data["username"]).exists():
            return
        user = User(
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=f"{data['username']}@example.org",
            is_superuser=data.get("is_superuser", False),
            is_staff=data.get("is_superuser", False),
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        self.created.append(user)

    def build_documents(self):
        public, private = public_collection(), default_private_collection()
        organisations = {o.short_name: o for o in Organisation.objects.all()}
        sessions = {s.number: s for s in SessionPage.objects.all()}
        territories = {t.slug: t for t in TerritoryPage.objects.all()}
        themes = {t.slug: t for t in Theme.objects.all()}
        for spec in demo.demo_documents():
            title = french(spec["title"])
            if Resource.objects.filter(title=title).exists():
                continue
            sections = [
                (french(heading), [french(p) for p in paragraphs])
                for heading, paragraphs in spec["sections"]
            ]
            # The files are invented for the demo: they say so, as the pages do.
            subtitle = french(f"Contenu d'exemple — {spec['subtitle']}")
            content = file_bytes(spec["extension"], title, subtitle, sections)
            document = Resource(
                title=title,
                file=ContentFile(content, name=f"{slugify(title)[:80]}.{spec['extension']}"),
                collection=public if spec["public"] else private,
                kind=spec["kind"],
                description=subtitle,
                document_date=spec.get("date"),
                authors=spec.get("authors", ""),
                organisation=organisations.get(french(spec.get("organisation", ""))),
                session=sessions.get(spec.get("session")),
                # The demo's documents are the site's published resources: released by the
                # loader, as a publisher would (documents.release).
                released_at=timezone.now(),
            )
            ingest(document)
            document.territories.set(
                [territories[slug] for slug in spec.get("territories", []) if slug in territories]
            )
            document.themes.set([themes[slug] for slug in spec["themes"] if slug in themes])
            self.created.append(document)

    def build_resource_collections(self):
        library = LibraryPage.objects.first()
        if library is None:
            return
        setup_roles()
        for data in demo.RESOURCE_COLLECTIONS:
            picked = [
                PickedDocument(document=document)
                for title in data.get("picked", [])
                for document in Resource.objects.filter(title=french(title))[:1]
            ]
            page = self.child_page(
                library,
                ResourceCollectionPage,
                data["slug"],
                title=french(data["title"]),
                intro=f"<p>{french(data['intro'])}</p>",
                rule_kind=data.get("rule_kind", ""),
                picked_documents=picked,
            )
            if data.get("participants_only") and not page.get_view_restrictions().exists():
                restrict_to_participants(page)

    def build_account_roles(self):
        """The demo accounts get their roles; a publisher account joins them."""
        groups = setup_roles()
        default_private_collection()  # its restriction now names the staff groups too
        self.demo_user(demo.PUBLISHER_USER)
        User = get_user_model()
        for username, group_name in demo.DEMO_ROLES.items():
            user = User.objects.filter(username=username).first()
            if user is not None:
                user.groups.add(groups[group_name])

    def build_pending_submission(self):
        """A new page by editeur.aradel, submitted and waiting for the partner's review."""
        editor = get_user_model().objects.filter(username="editeur.aradel").first()
        home = self.home()
        data = demo.PENDING_PAGE
        if editor is None or home.get_children().filter(slug=data["slug"]).exists():
            return
        page = ContentPage(
            title=french(data["title"]),
            slug=data["slug"],
            lead=french(data["lead"]),
            body=stream(data["body"]),
            live=False,
            owner=editor,
            example_content=True,
        )
        home.add_child(instance=page)
        page.save_revision(user=editor, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, editor)
        self.created.append(page)

    def build_participants_area(self):
        """/espace-participants/, for the Participants group and the staff groups only."""
        setup_roles()
        data = demo.PARTICIPANTS_AREA
        page = self.child_page(
            self.home(),
            ParticipantsAreaPage,
            data["slug"],
            title=french(data["title"]),
            intro=f"<p>{french(data['intro'])}</p>",
            show_in_menus=True,
        )
        if not page.get_view_restrictions().exists():
            restrict_to_participants(page)
        # The demo participant is one of Grenoble's team, so that « Votre territoire » shows.
        user = get_user_model().objects.filter(username="participant").first()
        person = Person.objects.filter(**demo.PARTICIPANT_PERSON, user__isnull=True).first()
        if user is not None and person is not None and not hasattr(user, "person"):
            person.user = user
            person.save()

    def build_territory_proposals(self):
        """Grenoble's team's proposals: one waiting for the editors, one refused with its
        reason (demo.content.TERRITORY_PROPOSALS)."""
        user = get_user_model().objects.filter(username="participant").first()
        territory = TerritoryPage.objects.filter(slug="grenoble").first()
        if user is None or territory is None:
            return
        for data in demo.TERRITORY_PROPOSALS:
            data = dict(data)
            target = territory.key_issues.filter(title=french(data.pop("target", ""))).first()
            texts = {
                name: french(data.pop(name))
                for name in ("title", "description", "comment", "reply")
                if name in data
            }
            self.created.append(
                TerritoryProposal.objects.create(
                    territory=territory,
                    author=user,
                    author_name=user.get_full_name(),
                    target_id=target.pk if target else None,
                    target_title=target.title if target else "",
                    decided_at=timezone.now() if data.get("status") else None,
                    **texts,
                    **data,
                )
            )

    def build_capitalisation(self):
        """/capitalisation/, after the library in the menu: the four steps (the source's
        words; their sessions and what they produced invented and flagged), the themes of
        the territories' invented issues and actions (ticked in each territory page, through
        a published revision, as an editor would) and invented syntheses."""
        data = demo.CAPITALISATION
        themes = {theme.slug: theme for theme in Theme.objects.all()}
        sessions = {session.number: session for session in SessionPage.objects.all()}
        for territory in TerritoryPage.objects.all():
            self.tag_with_themes(territory, themes)
        page = self.child_page(
            self.home(),
            CapitalisationPage,
            data["slug"],
            title=data["title"],
            seo_title=data["seo_title"],
            intro=f"<p>{french(data['intro'])}</p>",
            show_in_menus=True,
            steps=[
                ProcessStep(
                    stage=stage,
                    title=french(title),
                    produced=f"<p>{french(produced)}</p>",
                    sessions=[sessions[n] for n in numbers if n in sessions],
                    example_content=True,
                )
                for stage, title, produced, numbers in data["steps"]
            ],
            syntheses=[
                ThemeSynthesis(
                    theme=themes[slug], body=f"<p>{french(text)}</p>", example_content=True
                )
                for slug, text in data["syntheses"].items()
                if slug in themes
            ],
        )
        area = self.home().get_children().type(ParticipantsAreaPage).first()
        if area is not None and page.path > area.path:
            page.move(area, pos="left")

    def build_open_data(self):
        """/donnees-ouvertes/, after the capitalisation it publishes as files, out of the
        main menu (the capitalisation page links to it); the licence is the page's
        default."""
        data = demo.OPEN_DATA
        page = self.child_page(
            self.home(),
            OpenDataPage,
            data["slug"],
            title=data["title"],
            intro=f"<p>{french(data['intro'])}</p>",
        )
        area = self.home().get_children().type(ParticipantsAreaPage).first()
        if area is not None and page.path > area.path:
            page.move(area, pos="left")

    @staticmethod
    def tag_with_themes(territory, themes):
        """Tick the themes of each invented issue and action that has none yet."""
        issues, actions = list(territory.key_issues.all()), list(territory.actions.all())
        changed = False
        for item in [*issues, *actions]:
            if not item.example_content or item.themes.exists():
                continue
            words = f"{item.title} {item.description}".lower()
            slugs = [
                slug
                for keys, slug in demo.CAPITALISATION_TAGS
                if any(key in words for key in keys) and slug in themes
            ]
            item.themes = [themes[slug] for slug in slugs[:2]] or [
                themes[slug] for slug in ["developpement-economique-local"] if slug in themes
            ]
            changed = True
        if changed:
            territory.key_issues, territory.actions = issues, actions
            territory.save_revision(log_action=True).publish()


def demo_email(person):
    return f"{slugify(person['first_name'])}.{slugify(person['last_name'])}@example.org"
