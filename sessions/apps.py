from django.apps import AppConfig


class SessionsConfig(AppConfig):
    name = "sessions"
    # "sessions" is django.contrib.sessions' label: this app takes another one. Management
    # commands and default template paths use this label, not the folder name.
    label = "formation_sessions"
    verbose_name = "Séances"
