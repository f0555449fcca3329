"""Accounts on the public site, in its look: login, logout, password reset and change, the
person's own directory entry and e-mail news (people.directory_entry, people.notifications)."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from people import notifications
from people.directory_entry import directory_entry
from people.forms import AccountPasswordResetForm, LoginForm
from people.views import LogoutView

urlpatterns = [
    path("compte/", notifications.account, name="account"),
    path("compte/annuaire/", directory_entry, name="directory_entry"),
    path("compte/notifications/", notifications.preferences, name="notification_preferences"),
    path("compte/desabonnement/<str:token>/", notifications.unsubscribe, name="unsubscribe"),
    path(
        "connexion/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm
        ),
        name="login",
    ),
    path(
        "deconnexion/",
        LogoutView.as_view(template_name="accounts/logout.html"),
        name="logout",
    ),
    path(
        "mot-de-passe/oubli/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=AccountPasswordResetForm,
            email_template_name="accounts/emails/password_reset_email.txt",
            subject_template_name="accounts/emails/password_reset_subject.txt",
            success_url=reverse_lazy("password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oubli/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/enregistre/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/changer/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            success_url=reverse_lazy("password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "mot-de-passe/change/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
]
