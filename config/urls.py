from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views

# No route serves the media folders: documents live outside MEDIA_ROOT and go out only
# through Wagtail's permission-checked view under /documents/.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include("documents.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("recherche/", home_views.search, name="search"),
    path("", include(wagtail_urls)),
]
