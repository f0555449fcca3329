from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:public_id>/telecharger/", views.download, name="download"),
    path("<uuid:public_id>/apercu/", views.preview, name="preview"),
    # The numbered addresses of the documents that had them (documents.models.public_id).
    path("<int:pk>/telecharger/", views.legacy_address, {"view": "download"}),
    path("<int:pk>/apercu/", views.legacy_address, {"view": "preview"}),
    path("seance-<int:number>.zip", views.session_archive, name="session_archive"),
    # The library's current selection (its parameters: q, type, seance…).
    path("selection.zip", views.selection_archive, name="selection_archive"),
    # « All the documents of… »: the library, filtered (session and territory pages link here).
    path("seance-<int:value>/", views.in_library, {"facet": "seance"}, name="session_library"),
    path(
        "territoire/<slug:value>/",
        views.in_library,
        {"facet": "territoire"},
        name="territory_library",
    ),
    path("type/<slug:value>/", views.in_library, {"facet": "type"}, name="kind_library"),
]
