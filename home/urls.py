"""Home's own routes that are not pages: the capitalisation booklets (home.booklet). Included
by config.urls before Wagtail's pages, which would otherwise take every address."""

from django.urls import path

from home import views

urlpatterns = [
    path("capitalisation/livret.pdf", views.booklet, name="booklet"),
    path(
        "capitalisation/livret/<slug:territory_slug>.pdf",
        views.booklet,
        name="territory_booklet",
    ),
]
