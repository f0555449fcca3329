"""Every page type declares where it may live: the editors' page tree follows the content model."""

from wagtail.models import Page

import pytest

from capitalisation.models import CapitalisationPage, OpenDataPage
from documents.models import LibraryPage, ResourceCollectionPage
from home.models import ContactPage, ContentPage, HomePage, ParticipantsAreaPage, SitemapPage
from sessions.models import SessionIndexPage, SessionPage
from territoires.models import TerritoryIndexPage, TerritoryPage

ALL_TYPES = [
    HomePage,
    ContentPage,
    SessionIndexPage,
    SessionPage,
    TerritoryIndexPage,
    TerritoryPage,
    LibraryPage,
    ResourceCollectionPage,
    ParticipantsAreaPage,
    SitemapPage,
    ContactPage,
    OpenDataPage,
]

ALLOWED_PARENTS = {
    HomePage: {Page},
    ContentPage: {HomePage, ContentPage, ParticipantsAreaPage},
    SessionIndexPage: {HomePage},
    SessionPage: {SessionIndexPage},
    TerritoryIndexPage: {HomePage},
    TerritoryPage: {TerritoryIndexPage},
    LibraryPage: {HomePage},
    ResourceCollectionPage: {LibraryPage},
    ParticipantsAreaPage: {HomePage},
    SitemapPage: {HomePage},
    ContactPage: {HomePage},
    OpenDataPage: {HomePage},
}


@pytest.mark.parametrize("page_type", ALL_TYPES, ids=lambda t: t.__name__)
def test_each_page_type_lives_only_under_its_parents(page_type):
    allowed = set(page_type.allowed_parent_page_models())
    expected = ALLOWED_PARENTS[page_type]
    # Only the page types of this project are considered (the root is a plain wagtailcore Page).
    assert {m for m in allowed if m in ALL_TYPES or m is Page} == expected


ALLOWED_CHILDREN = {
    HomePage: {
        ContentPage,
        SessionIndexPage,
        TerritoryIndexPage,
        LibraryPage,
        CapitalisationPage,
        OpenDataPage,
        ParticipantsAreaPage,
        SitemapPage,
        ContactPage,
    },
    ContentPage: {ContentPage},
    SessionIndexPage: {SessionPage},
    SessionPage: set(),
    TerritoryIndexPage: {TerritoryPage},
    TerritoryPage: set(),
    LibraryPage: {ResourceCollectionPage},
    ResourceCollectionPage: set(),
    ParticipantsAreaPage: {ContentPage},
    SitemapPage: set(),
    ContactPage: set(),
    OpenDataPage: set(),
}


@pytest.mark.parametrize("page_type", ALL_TYPES, ids=lambda t: t.__name__)
def test_each_page_type_accepts_only_its_children(page_type):
    assert set(page_type.allowed_subpage_models()) == ALLOWED_CHILDREN[page_type]


@pytest.mark.django_db
def test_singletons_cannot_be_created_twice(demo):
    home = demo
    for page_type in (
        SessionIndexPage,
        TerritoryIndexPage,
        LibraryPage,
        ParticipantsAreaPage,
        SitemapPage,
        ContactPage,
        OpenDataPage,
    ):
        assert not page_type.can_create_at(home), page_type
    assert not HomePage.can_create_at(Page.get_first_root_node())


@pytest.mark.django_db
def test_editors_can_add_sessions_and_territories_where_they_belong(demo):
    sessions = SessionIndexPage.objects.get()
    territories = TerritoryIndexPage.objects.get()
    assert SessionPage.can_create_at(sessions)
    assert not SessionPage.can_create_at(territories)
    assert TerritoryPage.can_create_at(territories)
    assert not TerritoryPage.can_create_at(demo)
    assert ContentPage.can_create_at(demo)
    assert not ContentPage.can_create_at(sessions)
