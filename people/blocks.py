"""What the privacy page says of how long the site keeps personal data, read from the very
settings the site applies (people.purge_personal_data, the login lockout, sessions, cookies):
a duration is never typed twice, so the page cannot say one thing while the site does another.
"""

from django.conf import settings

from wagtail import blocks

SECONDS_PER_DAY = 24 * 60 * 60
NUMBERS = {1: "un", 2: "deux", 3: "trois", 4: "quatre"}


def french_days(seconds):
    """A duration in days as the page says it: « 90 jours », « deux semaines », « un an »."""
    days = round(seconds / SECONDS_PER_DAY)
    if 364 <= days <= 366:
        return "un an"
    if days >= 7 and days % 7 == 0 and days // 7 in NUMBERS:
        weeks = days // 7
        return "une semaine" if weeks == 1 else f"{NUMBERS[weeks]} semaines"
    return f"{NUMBERS.get(days, days)} jour{'s' if days > 1 else ''}"


def retention_periods():
    """[(what is kept, for how long)], from the settings the site applies."""
    lockout_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return [
        (
            "Traces de connexion (identifiant saisi, adresse IP, navigateur, date et heure, "
            "réussite ou échec)",
            f"{french_days(settings.ACCESS_LOG_RETENTION_DAYS * SECONDS_PER_DAY)}, puis "
            "supprimées chaque jour. Après "
            f"{settings.AXES_FAILURE_LIMIT} échecs sur un compte depuis une même adresse, ce "
            f"couple est bloqué {lockout_minutes} minutes.",
        ),
        (
            "Session d’une personne connectée (cookie « sessionid »)",
            f"{french_days(settings.SESSION_COOKIE_AGE)} au plus ; supprimée à la déconnexion, "
            "et les sessions expirées chaque jour.",
        ),
        (
            "Jeton contre la falsification des formulaires (cookie « csrftoken »)",
            f"{french_days(settings.CSRF_COOKIE_AGE)} au plus ; il ne contient aucune donnée "
            "sur la personne.",
        ),
        (
            "Lien de réinitialisation du mot de passe envoyé par courriel",
            f"valable {french_days(settings.PASSWORD_RESET_TIMEOUT)}, puis sans effet.",
        ),
        (
            "Comptes des participants et de l’équipe, fiches de l’annuaire des participants",
            "jusqu’à la fermeture de la plateforme, ou jusqu’à la demande d’effacement de la "
            "personne.",
        ),
        (
            "Téléchargements des documents",
            "comptés par document et par mois, sans rien retenir de la personne.",
        ),
    ]


class RetentionPeriodsBlock(blocks.StaticBlock):
    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["periods"] = retention_periods()
        return context

    class Meta:
        icon = "time"
        label = "Durées de conservation appliquées"
        admin_text = (
            "La liste des durées de conservation que le site applique réellement, lue dans "
            "ses réglages au moment de l’affichage : rien à saisir."
        )
        template = "people/retention_periods_block.html"
        group = "Pages légales"
