"""What is restricted to participants never reaches anyone else, on the surfaces built so far:
the restricted page itself, menus, breadcrumbs, session and territory listings, the home page,
and the resource library with its downloads. Each test runs for three users."""

import re
from pathlib import Path

from django.conf import settings

from wagtail.models import Collection, CollectionViewRestriction

import pytest

from access.visibility import anyone, governing_restriction_ids
from documents.factories import LibraryPageFactory, ResourceFactory
from home.factories import ContentPageFactory
from sessions.factories import SessionIndexPageFactory, SessionPageFactory
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory

from .conftest import visible_text

pytestmark = pytest.mark.django_db

SECRET_SESSION = "Séance réservée aux participants"
SECRET_TERRITORY = "Territoire confidentiel"
SECRET_SECTION = "Espace réservé"
SECRET_DOCUMENT = "Document de travail confidentiel"


@pytest.fixture
def site(home_page, restrict_to_participants):
    sessions = SessionIndexPageFactory(parent=home_page, show_in_menus=True)
    SessionPageFactory(parent=sessions, number=1, title="Séance publique", theme="Thème public")
    secret_session = SessionPageFactory(
        parent=sessions, number=2, title=SECRET_SESSION, theme=SECRET_SESSION
    )
    restrict_to_participants(secret_session)
    territories = TerritoryIndexPageFactory(parent=home_page, show_in_menus=True)
    TerritoryPageFactory(parent=territories, title="Territoire public")
    secret_territory = TerritoryPageFactory(parent=territories, title=SECRET_TERRITORY)
    restrict_to_participants(secret_territory)
    section = ContentPageFactory(
        parent=home_page, title=SECRET_SECTION, slug="espace", show_in_menus=True
    )
    restrict_to_participants(section)
    child = ContentPageFactory(parent=section, title="Page enfant", slug="enfant")
    LibraryPageFactory(parent=home_page, show_in_menus=True)
    return {
        "secret_session": secret_session,
        "secret_territory": secret_territory,
        "section": section,
        "child": child,
    }


@pytest.fixture
def restricted_document(restricted_groups):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Documents de travail des territoires")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(*restricted_groups)
    return ResourceFactory(title=SECRET_DOCUMENT, collection=private)


def test_restricted_page_is_served_only_to_participants(audience, site):
    response = audience.get(site["secret_session"].url)
    if audience.may_see_restricted:
        assert response.status_code == 200
        assert SECRET_SESSION in visible_text(response)
    else:
        assert response.status_code in (302, 403, 404)
        assert SECRET_SESSION not in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/sessions/", "/territoires/", "/ressources/"])
def test_listings_and_menus_name_restricted_pages_only_to_participants(audience, site, url):
    text = visible_text(audience.get(url))
    for secret in (SECRET_SESSION, SECRET_TERRITORY, SECRET_SECTION):
        if audience.may_see_restricted and (url, secret) in {
            ("/sessions/", SECRET_SESSION),
            ("/territoires/", SECRET_TERRITORY),
            ("/", SECRET_TERRITORY),
        }:
            assert secret in text
        if not audience.may_see_restricted:
            assert secret not in text, (url, secret)
    # The menu item of the restricted section is the participants' own.
    assert (SECRET_SECTION in text) == audience.may_see_restricted


def test_home_counts_only_what_the_user_may_see(audience, site):
    html = audience.get("/").content.decode()
    expected = "Les 2 séances" if audience.may_see_restricted else "La séance"
    assert f'<h2 id="home-sessions">{expected}</h2>' in html


def test_breadcrumbs_of_a_restricted_child(audience, site):
    response = audience.get(site["child"].url)
    if audience.may_see_restricted:
        assert SECRET_SECTION in visible_text(response)
    else:
        assert SECRET_SECTION not in response.content.decode()


def test_library_lists_and_serves_restricted_documents_only_to_participants(
    audience, site, restricted_document
):
    public = ResourceFactory(title="Programme public")
    text = visible_text(audience.get("/ressources/"))
    assert "Programme public" in text
    assert (SECRET_DOCUMENT in text) == audience.may_see_restricted
    assert audience.get(public.url).status_code == 200
    response = audience.get(restricted_document.url)
    if audience.may_see_restricted:
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    else:
        assert response.status_code in (302, 403, 404)


def test_documents_are_stored_outside_the_public_media_root(restricted_document):
    path = Path(restricted_document.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.mark.parametrize(
    "template",
    [
        "/media/{name}",
        "/media/documents/../{name}",
        "/media/images/..%2f{name}",
        "/media/%2e%2e/private/{name}",
        "//media/{name}",
        "/static/../var/private/{name}",
    ],
)
def test_no_raw_path_serves_a_document_file(client, home_page, restricted_document, template):
    name = restricted_document.file.name
    response = client.get(template.format(name=name))
    assert response.status_code in (400, 404)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert not body.startswith(b"%PDF")


def test_a_document_block_links_a_restricted_document_only_for_participants(
    audience, home_page, restricted_document
):
    page = ContentPageFactory(
        parent=home_page,
        body=[
            ("document", {"document": restricted_document, "label": ""}),
            ("heading", {"text": "Suite de la page", "level": "h2"}),
        ],
    )
    response = audience.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Suite de la page" in html
    assert (SECRET_DOCUMENT in html) == audience.may_see_restricted
    assert (restricted_document.url in html) == audience.may_see_restricted


def test_a_redirect_never_points_at_a_restricted_page(audience, site):
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.create(old_path="/ancienne-seance", redirect_page=site["secret_session"])
    response = audience.get("/ancienne-seance/")
    if audience.may_see_restricted:
        assert response.status_code == 301
        assert response["Location"] == site["secret_session"].url
    else:
        assert response.status_code == 404
        assert "seance-2" not in response.get("Location", "")


def test_rich_text_links_to_restricted_things_lose_their_address(
    client, home_page, site, restricted_document
):
    secret = site["secret_session"]
    public_doc = ResourceFactory(title="Programme public")
    body = [
        (
            "paragraph",
            f'<p><a linktype="page" id="{secret.pk}">la séance réservée</a>, '
            f'<a linktype="document" id="{restricted_document.pk}">le document réservé</a>, '
            f'<a linktype="document" id="{public_doc.pk}">le programme</a>.</p>',
        )
    ]
    page = ContentPageFactory(parent=home_page, slug="liens", body=body)
    html = client.get(page.url).content.decode()
    assert secret.url not in html
    assert restricted_document.url not in html
    assert f'href="{public_doc.url}"' in html
    assert "la séance réservée" in html  # the editor's words stay, as plain text


@pytest.mark.parametrize(
    "url", ["/", "/territoires/", "/sitemap.xml", "/flux.xml", "/recherche/?q=confidentiel"]
)
def test_an_alias_of_a_restricted_page_is_as_restricted_as_its_source(
    audience, site, restrict_to_participants, url
):
    """Wagtail serves an alias under its source's restrictions; listings must agree, or the
    alias, placed in a public section, would name its restricted source to everyone. Wagtail
    copies the source's restrictions to an alias it creates: this source is restricted after."""
    source = TerritoryPageFactory(parent=site["secret_territory"].get_parent(), title="Public")
    alias = source.create_alias(parent=source.get_parent(), update_slug="alias-du-territoire")
    assert not alias.view_restrictions.exists()
    source.title = alias.title = SECRET_TERRITORY
    source.save()
    alias.save()
    restrict_to_participants(source)
    text = audience.get(url).content.decode()
    if url in ("/sitemap.xml", "/flux.xml"):  # built for anyone, whoever asks
        assert "alias-du-territoire" not in text
        assert SECRET_TERRITORY not in text
    else:
        assert (SECRET_TERRITORY in text) == audience.may_see_restricted, url
    response = audience.get(alias.url)
    assert (response.status_code == 200) == audience.may_see_restricted


def test_every_page_type_reads_its_restrictions_through_the_site_rule():
    """The restrictions checked before serving come from one query (ServedRestrictionsMixin):
    a page type without it would still be protected by Wagtail, only slower; this keeps the
    two in step."""
    from wagtail.models import Page, get_page_models

    from access.visibility import ServedRestrictionsMixin

    for model in get_page_models():
        if model is not Page:
            assert issubclass(model, ServedRestrictionsMixin), model


def test_served_restrictions_hold_wagtails_own_and_the_sources_sections(
    site, restrict_to_participants
):
    """The one-query reading gives every restriction Wagtail's own method gives (the page's,
    its ancestors', an alias's source's) and, for an alias, its source's ancestors' too."""
    from wagtail.models import Page

    source = TerritoryPageFactory(parent=site["secret_territory"].get_parent(), title="Source")
    alias = source.create_alias(parent=site["section"], update_slug="alias-source")
    restrict_to_participants(source)
    pages = [site["secret_session"], site["child"], site["section"], alias, source]
    for page in [*pages, *Page.objects.all()]:
        page = page.specific
        ours = set(page.get_view_restrictions().values_list("pk", flat=True))
        wagtails = set(Page.get_view_restrictions(page).values_list("pk", flat=True))
        assert ours == wagtails, page
        # What a page being served reads instead, from the rule's restrictions: the same.
        assert governing_restriction_ids(page.path, anyone()) == ours, page
    assert len(set(alias.specific.get_view_restrictions())) == 2  # the section's and the source's
    hidden_source = TerritoryPageFactory(parent=site["secret_territory"], title="Sous-page")
    outside = hidden_source.create_alias(parent=site["child"].get_parent().get_parent())
    ours = set(outside.specific.get_view_restrictions())
    assert ours == set(site["secret_territory"].view_restrictions.all())
    assert governing_restriction_ids(outside.path, anyone()) == {r.pk for r in ours}
    assert not Page.get_view_restrictions(outside).exists()  # what Wagtail forgets


def _as_answered(response, path):
    """What a visitor can read of an answer, the asked address and the form's token aside."""
    body = response.content.decode().replace(path, "ADRESSE")
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    headers = {k: v for k, v in response.headers.items() if k not in ("Content-Length",)}
    return response.status_code, headers, body


@pytest.mark.parametrize("shape", ["page", "sous-page", "alias"])
def test_a_hidden_page_answers_exactly_as_a_missing_one(audience, site, shape):
    """Trying addresses must not confirm that a restricted page stands at one of them."""
    hidden = {
        "page": site["section"],
        "sous-page": site["child"],
        "alias": site["child"].create_alias(parent=site["child"].get_parent().get_parent()),
    }[shape]
    url = hidden.url
    response = audience.get(url)
    if audience.may_see_restricted:
        assert response.status_code == 200
        return
    missing = url.rstrip("/") + "-absente/"
    assert _as_answered(response, url) == _as_answered(audience.get(missing), missing)
    assert response.status_code == 404
    text = visible_text(response)
    assert "Page introuvable" in text
    assert hidden.title not in text
    # A participant who followed the link logs in from that page and comes back to it.
    assert ('name="next" value="' + url + '"' in response.content.decode()) == (
        audience.audience == "anonymous"
    )


def test_a_participant_logs_in_from_the_answer_and_reaches_the_page(client, site, participant):
    from .test_accounts import PASSWORD

    participant.set_password(PASSWORD)
    participant.save()
    url = site["child"].url
    assert client.get(url).status_code == 404
    response = client.post(
        "/connexion/", {"username": participant.username, "password": PASSWORD, "next": url}
    )
    assert (response.status_code, response["Location"]) == (302, url)
    assert client.get(url).status_code == 200
