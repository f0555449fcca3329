from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from home import views as home_views
from home.feeds import LatestFeed
from home.images import image_rendition

# No route serves the media folders but the renditions' flat folder: documents live outside
# MEDIA_ROOT and go out only through the permission-checked views of documents.urls. Wagtail's own document route is
# not mounted (one way out for a file), and its shared-password routes answer 404: those
# restrictions are switched off (settings.WAGTAIL_PRIVATE_PAGE_OPTIONS).
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include("documents.urls")),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        home_views.unused_password_route,
        name="wagtaildocs_authenticate_with_password",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        home_views.unused_password_route,
        name="wagtailcore_authenticate_with_password",
    ),
    path("recherche/", home_views.search, name="search"),
    path("flux.xml", LatestFeed(), name="feed"),
    path("sitemap.xml", home_views.sitemap, name="sitemap"),
    path("robots.txt", home_views.robots, name="robots"),
    path("sante/", home_views.health, name="health"),
    # Image renditions only: a flat file name, no slash, no leading dot (home.views).
    re_path(
        r"^media/images/(?P<name>[\w\-][\w\-.]*)$",
        image_rendition,
        name="image_rendition",
    ),
    path("", include("home.urls")),
    path("", include("sessions.urls")),
    # Before Wagtail's pages: their addresses take no dot, the open-data files' do.
    path("", include("capitalisation.urls")),
    path("", include("people.urls")),
    path("", include(wagtail_urls)),
]
