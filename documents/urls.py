from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/telecharger/", views.download, name="download"),
    path("<int:pk>/apercu/", views.preview, name="preview"),
    path("seance-<int:number>.zip", views.session_archive, name="session_archive"),
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
