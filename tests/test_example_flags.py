"""« Contenu d’exemple » marks what the demo invented, section by section and item by item:
an editor's real additions are never labelled invented, and unticking lifts the mark."""

import re

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Revision
from wagtail.rich_text import RichText
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

import pytest

from home.models import ContentPage
from sessions.factories import SessionIndexPageFactory, SessionPageFactory
from sessions.models import SessionPage
from territoires.factories import TerritoryIndexPageFactory, TerritoryPageFactory
from territoires.models import KeyIssue, PriorityNeighbourhood, ShortTermAction, TerritoryPage

pytestmark = pytest.mark.django_db

# The discreet mark on each invented part (components/example_badge.html); the page's notice
# says what it means.
BADGE = (
    '<span class="example-mark"><span aria-hidden="true">exemple</span>'
    '<span class="visually-hidden">Contenu d’exemple</span></span>'
)
TERRITORY_SECTIONS = [
    "territory-neighbourhoods",
    "territory-team",
    "territory-knowledge",
    "territory-issues",
    "territory-actions",
]
SESSION_SECTIONS = ["session-objectives", "session-programme", "session-report", "session-work"]


def section(html, anchor):
    """A section of a page, from its heading to its end."""
    start = html.index(f'<h2 id="{anchor}"')
    return html[start : html.index("</section>", start)]


def heading(html, anchor):
    start = html.index(f'<h2 id="{anchor}"')
    return html[start : html.index("</h2>", start)]


def issues(html):
    """{key issue's title: whether it carries the badge}."""
    found = re.findall(
        r'<p class="issues__title">(.*?)</p>', section(html, "territory-issues"), flags=re.S
    )
    return {item.replace(BADGE, "").strip(): BADGE in item for item in found}


def facts(html):
    start = html.index('<dl class="facts">')
    return html[start : html.index("</dl>", start)]


def title(html):
    """The page's heading (a session's is its theme)."""
    start = html.index("<h1>")
    return html[start : html.index("</h1>", start)]


def kicker(html):
    """The line above the heading (a session's number and date)."""
    start = html.index('<p class="kicker">')
    return html[start : html.index("</p>", start)]


# A fresh demo


def test_a_demo_territory_is_marked_section_by_section_as_before(client, demo):
    html = client.get("/territoires/villeurbanne/").content.decode()
    for anchor in TERRITORY_SECTIONS:
        assert BADGE in heading(html, anchor), anchor
    # Every item of a section is invented: the heading says it once, not each item.
    # Its short presentation is invented too; the notice explains the mark.
    assert html.count(BADGE) == 1 + len(TERRITORY_SECTIONS)
    assert 'class="example-notice"' in html


def test_a_demo_session_is_marked_section_by_section(client, demo):
    html = client.get("/sessions/seance-3/").content.decode()
    for anchor in SESSION_SECTIONS:
        assert BADGE in heading(html, anchor), anchor
    assert BADGE in title(html)  # the theme, the session's heading
    assert 'class="example-notice"' in html


def test_the_facts_of_the_source_are_never_marked(client, demo):
    """The source gives the sessions' number, date and place and the territories' names: no
    badge beside them, on any session or territory; the pages it tells in full carry none."""
    for session in SessionPage.objects.all():
        html = client.get(session.url).content.decode()
        assert BADGE not in facts(html), session.url  # date, place, rank
        assert BADGE not in kicker(html), session.url  # number and date
        assert (BADGE in title(html)) == session.theme_example, session.url
    for territory in TerritoryPage.objects.all():
        html = client.get(territory.url).content.decode()
        assert BADGE not in facts(html), territory.url  # type and department
        assert BADGE not in kicker(html) and BADGE not in title(html), territory.url
    assert not ContentPage.objects.get(slug="la-formation").example_content
    assert BADGE not in client.get("/la-formation/").content.decode()


def test_the_demo_flags_exactly_what_it_invented(demo):
    for territory in TerritoryPage.objects.all():
        assert territory.shared_knowledge_example and territory.summary_example
        for name in ["neighbourhoods", "team_members", "key_issues", "actions"]:
            items = getattr(territory, name).all()
            assert items and all(item.example_content for item in items), (territory, name)
    for session in SessionPage.objects.all():
        assert session.theme_example and session.programme_example and session.report_example
        assert session.objectives_example and session.on_site_work_example


def test_the_home_timeline_marks_each_invented_theme(client, demo):
    SessionPage.objects.filter(number=2).update(theme_example=False)
    html = client.get("/").content.decode()
    themes = re.findall(r'<p class="timeline__theme">(.*?)</p>', html, flags=re.S)
    assert [BADGE in theme for theme in themes] == [True, False, True, True, True]


def test_the_previous_and_next_sessions_mark_their_invented_themes(client, demo):
    SessionPage.objects.filter(number=4).update(theme_example=False)
    html = client.get("/sessions/seance-3/").content.decode()
    previous = re.search(r'<li class="pager__previous">(.*?)</li>', html, flags=re.S).group(1)
    following = re.search(r'<li class="pager__next">(.*?)</li>', html, flags=re.S).group(1)
    assert BADGE in previous and BADGE not in following


def test_a_sessions_invented_summary_is_marked_where_it_leads_the_page(client, demo):
    html = client.get("/sessions/seance-1/").content.decode()
    lead = re.search(r'<p class="lead">(.*?)</p>', html, flags=re.S).group(1)
    assert BADGE in lead


def test_a_territorys_invented_summary_is_marked_on_its_card_and_its_page(client, demo):
    TerritoryPage.objects.filter(slug="grenoble").update(summary_example=False)
    html = client.get("/territoires/").content.decode()
    cards = re.findall(r'<li class="card">(.*?)</li>', html, flags=re.S)
    marked = {re.search(r">([^<]+)</a>", card).group(1): BADGE in card for card in cards}
    assert marked.pop("Grenoble") is False
    assert set(marked.values()) == {True} and len(marked) == 7
    page = client.get("/territoires/villeurbanne/").content.decode()
    assert BADGE in re.search(r'<p class="lead">(.*?)</p>', page, flags=re.S).group(1)
    page = client.get("/territoires/grenoble/").content.decode()
    assert BADGE not in re.search(r'<p class="lead">(.*?)</p>', page, flags=re.S).group(1)


def test_invented_summaries_describe_no_page_to_search_engines_or_feeds(client, demo):
    """A description shows no badge: an invented summary is not one; a vouched one is."""
    territory = TerritoryPage.objects.get(slug="villeurbanne")
    session = SessionPage.objects.get(number=1)
    for page in (territory, session):
        html = client.get(page.url).content.decode()
        description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
        assert page.summary[:40] not in description
        assert description.startswith(page.title)
    feed = client.get("/flux.xml").content.decode()
    assert territory.summary[:40] not in feed and session.summary[:40] not in feed
    TerritoryPage.objects.filter(pk=territory.pk).update(summary_example=False)
    html = client.get(territory.url).content.decode()
    assert f'<meta name="description" content="{territory.summary[:40]}' in html


# An editor's edits, through the admin


def edit_data(client, page, **streams):
    """The page's edit form as a browser would send it back, unchanged; StreamFields, which
    the admin draws with JavaScript, are given in `streams`."""
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    for key in list(data):
        if "__prefix__" in key:
            del data[key]
        elif key.endswith("example_content") or key.endswith("_example"):
            data[key] = "on"  # a ticked box without a value sends « on »
    data.update(nested_form_data(streams))
    return data


def knowledge(page):
    return {
        "shared_knowledge": streamfield(
            [("paragraph", rich_text(block.value.source)) for block in page.shared_knowledge]
        )
    }


def add_key_issue(data, title):
    count = int(data["key_issues-TOTAL_FORMS"])
    data["key_issues-TOTAL_FORMS"] = str(count + 1)
    data[f"key_issues-{count}-title"] = title
    data[f"key_issues-{count}-description"] = "Un enjeu établi par l’équipe."
    data[f"key_issues-{count}-ORDER"] = str(count + 1)
    data[f"key_issues-{count}-DELETE"] = ""


def save_draft_and_publish(client, page, data):
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    page.get_latest_revision().publish()  # as the publisher would, at the workflow's end


def test_a_real_key_issue_added_by_an_editor_carries_no_badge(client, demo, editor):
    page = TerritoryPage.objects.get(slug="grenoble")
    invented = list(page.key_issues.values_list("title", flat=True))
    client.force_login(editor)
    data = edit_data(client, page, **knowledge(page))
    add_key_issue(data, "Ouvrir une pépinière d’entreprises au Village Olympique")

    # The preview already shows it as the page will be.
    preview = f"/admin/pages/{page.pk}/edit/preview/"
    assert client.post(preview, data).json()["is_valid"]
    html = client.get(preview).content.decode()
    assert issues(html) == {
        **dict.fromkeys(invented, True),
        "Ouvrir une pépinière d’entreprises au Village Olympique": False,
    }
    assert BADGE not in heading(html, "territory-issues")

    save_draft_and_publish(client, page, data)
    assert not KeyIssue.objects.get(title__startswith="Ouvrir une pépinière").example_content
    client.logout()
    html = client.get(page.url).content.decode()
    assert issues(html) == {
        **dict.fromkeys(invented, True),
        "Ouvrir une pépinière d’entreprises au Village Olympique": False,
    }
    # The sections an editor did not touch keep their single badge.
    assert BADGE in heading(html, "territory-actions")
    assert BADGE not in heading(html, "territory-issues")


def test_unticking_lifts_the_badge_and_the_notice_goes_with_the_last_one(client, demo, editor):
    page = TerritoryPage.objects.get(slug="villeurbanne")
    first = page.key_issues.first()
    client.force_login(editor)
    data = edit_data(client, page, **knowledge(page))
    index = next(
        key.split("-")[1] for key in data if key.endswith("-id") and data[key] == str(first.pk)
    )
    del data[f"key_issues-{index}-example_content"]
    save_draft_and_publish(client, page, data)

    html = client.get(page.url).content.decode()
    marks = issues(html)
    assert marks.pop(first.title) is False
    assert marks and all(marks.values())
    assert BADGE not in heading(html, "territory-issues")

    # Every mark lifted: no badge, no notice.
    data = edit_data(client, page, **knowledge(page))
    for key in [k for k in data if k.endswith("example_content") or k.endswith("_example")]:
        del data[key]
    save_draft_and_publish(client, page, data)
    html = client.get(page.url).content.decode()
    assert BADGE not in html
    assert 'class="example-notice"' not in html


def session_streams(page):
    """A session's StreamFields as its edit form sends them."""
    slot_fields = ["start", "end", "kind", "title", "speakers", "description"]
    return {
        "objectives": streamfield([("objective", block.value) for block in page.objectives]),
        "programme": streamfield(
            [
                (
                    "slot",
                    {
                        name: (
                            block.value[name].strftime("%H:%M")
                            if name in ("start", "end") and block.value[name]
                            else block.value[name] or ""
                        )
                        for name in slot_fields
                    },
                )
                for block in page.programme
            ]
        ),
        "report": streamfield(
            [("paragraph", rich_text(block.value.source)) for block in page.report]
        ),
    }


def test_unticking_a_session_section_lifts_its_badge_only(client, demo, editor):
    page = SessionPage.objects.get(number=2)
    client.force_login(editor)
    data = edit_data(client, page, **session_streams(page))
    del data["programme_example"]

    preview = f"/admin/pages/{page.pk}/edit/preview/"
    assert client.post(preview, data).json()["is_valid"]
    html = client.get(preview).content.decode()
    assert "Lecture croisée des portraits économiques" in section(html, "session-programme")
    assert BADGE not in heading(html, "session-programme")

    save_draft_and_publish(client, page, data)
    client.logout()
    html = client.get(page.url).content.decode()
    assert "Lecture croisée des portraits économiques" in section(html, "session-programme")
    assert BADGE not in heading(html, "session-programme")
    for anchor in ["session-objectives", "session-report", "session-work"]:
        assert BADGE in heading(html, anchor), anchor
    assert BADGE in title(html)  # the theme
    assert 'class="example-notice"' in html


def test_the_session_list_marks_an_invented_theme_only(client, demo):
    SessionPage.objects.filter(number=1).update(theme_example=False)
    html = client.get("/sessions/").content.decode()
    titles = re.findall(r'<h2 class="session-list__title">(.*?)</h2>', html, flags=re.S)
    assert [BADGE in title for title in titles] == [False, True, True, True, True]


# Without the demo


def test_a_new_territory_and_its_items_are_not_marked(client, home_page):
    index = TerritoryIndexPageFactory(parent=home_page)
    page = TerritoryPageFactory(parent=index, title="Bron")
    KeyIssue.objects.create(territory=page, title="Un enjeu vrai")
    ShortTermAction.objects.create(territory=page, title="Une action vraie")
    PriorityNeighbourhood.objects.create(territory=page, name="Terraillon")
    html = client.get(page.url).content.decode()
    assert "Un enjeu vrai" in html and "Terraillon" in html
    assert BADGE not in html


def test_a_section_that_mixes_marks_each_invented_item(client, home_page):
    index = TerritoryIndexPageFactory(parent=home_page)
    page = TerritoryPageFactory(parent=index, title="Bron")
    PriorityNeighbourhood.objects.create(territory=page, name="Parilly", example_content=True)
    PriorityNeighbourhood.objects.create(territory=page, name="Terraillon")
    html = client.get(page.url).content.decode()
    items = re.findall(
        r"<li><strong>(.*?)</li>", section(html, "territory-neighbourhoods"), flags=re.S
    )
    assert [BADGE in item for item in items] == [True, False]
    assert BADGE not in heading(html, "territory-neighbourhoods")
    assert 'class="example-notice"' in html


# The migration from the page-wide flag


def migrate(targets):
    executor = MigrationExecutor(connection)
    # Rows written by this test are checked now, so that the tables can be altered.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def test_the_migration_turns_a_flagged_page_into_its_flagged_sections_and_items(home_page):
    territories = TerritoryIndexPageFactory(parent=home_page)
    invented = TerritoryPageFactory(
        parent=territories, shared_knowledge=[("paragraph", RichText("<p>Un quartier.</p>"))]
    )
    KeyIssue.objects.create(territory=invented, title="Un enjeu inventé")
    PriorityNeighbourhood.objects.create(territory=invented, name="Un quartier inventé")
    real = TerritoryPageFactory(parent=territories)
    KeyIssue.objects.create(territory=real, title="Un enjeu vrai")
    sessions = SessionIndexPageFactory(parent=home_page)
    invented_session = SessionPageFactory(parent=sessions, programme=[], report=[])
    real_session = SessionPageFactory(parent=sessions)
    revision = invented.save_revision()
    session_revision = invented_session.save_revision()

    before = [
        ("territoires", "0002_block_search_index"),
        ("formation_sessions", "0003_drafts_of_places"),
    ]
    old = migrate(before)
    old.get_model("territoires", "TerritoryPage").objects.filter(pk=invented.pk).update(
        example_content=True
    )
    old.get_model("formation_sessions", "SessionPage").objects.filter(
        pk=invented_session.pk
    ).update(example_content=True)
    for old_revision in Revision.objects.filter(pk__in=[revision.pk, session_revision.pk]):
        assert "example_content" in old_revision.content  # the old schema's revision
        old_revision.content["example_content"] = True
        old_revision.save()

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    invented.refresh_from_db()
    assert invented.shared_knowledge_example
    assert all(issue.example_content for issue in invented.key_issues.all())
    assert all(n.example_content for n in invented.neighbourhoods.all())
    real.refresh_from_db()
    assert not real.shared_knowledge_example
    assert not real.key_issues.get().example_content
    invented_session.refresh_from_db()
    assert invented_session.theme_example and invented_session.objectives_example is False
    assert not invented_session.programme_example  # empty: nothing to mark
    real_session.refresh_from_db()
    assert not real_session.theme_example
    # The revisions say the same: publishing or reverting to them keeps the marks.
    content = Revision.objects.get(pk=revision.pk).content
    assert "example_content" not in content and content["shared_knowledge_example"]
    assert all(issue["example_content"] for issue in content["key_issues"])
    restored = Revision.objects.get(pk=revision.pk).as_object()
    assert [issue.example_content for issue in restored.key_issues.all()] == [True]
    assert Revision.objects.get(pk=session_revision.pk).content["theme_example"]
