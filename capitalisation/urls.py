from django.urls import re_path

from capitalisation import views

app_name = "capitalisation"

urlpatterns = [
    # A name and an extension: /donnees-ouvertes/territoires.csv. Any extension reaches the
    # view, which says in French which formats exist.
    re_path(
        r"^donnees-ouvertes/(?P<name>[\w\-]+)\.(?P<format>[\w\-]+)$",
        views.open_data_file,
        name="open_data_file",
    ),
]
