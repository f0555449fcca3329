from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/telecharger/", views.download, name="download"),
    path("<int:pk>/apercu/", views.preview, name="preview"),
    path("seance-<int:number>.zip", views.session_archive, name="session_archive"),
]
