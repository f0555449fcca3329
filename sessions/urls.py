from django.urls import re_path

from sessions import views

app_name = "sessions"

urlpatterns = [
    # The same path characters as Wagtail's page URLs, then the calendar's name.
    re_path(r"^(?P<page_path>(?:[\w\-]+/)*)calendrier\.ics$", views.calendar, name="calendar"),
]
