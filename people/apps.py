from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "people"
    verbose_name = "Personnes et organisations"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from people.last_visit import remember_previous_login

        # Before django.contrib.auth's own receiver, which overwrites `last_login` (this app
        # comes first in INSTALLED_APPS, so this runs first; tests/test_participants_area.py
        # checks it).
        user_logged_in.connect(remember_previous_login, dispatch_uid="people.previous_login")
