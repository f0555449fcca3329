"""The session page's admin form."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html

from wagtail.admin.forms import WagtailAdminPageForm


class SessionPageForm(WagtailAdminPageForm):
    def clean_number(self):
        """A number already taken names the session that holds it, with a link: it may be a
        draft nobody published (an autosaved new page), which no list shows."""
        number = self.cleaned_data.get("number")
        model = type(self.instance)
        holder = model.objects.filter(number=number).exclude(pk=self.instance.pk).first()
        if number is not None and holder is not None:
            state = "" if holder.live else ", un brouillon jamais publié"
            raise ValidationError(
                format_html(
                    "Le numéro {} est déjà celui de « {} »{} : "
                    '<a href="{}">ouvrir cette séance</a> pour la supprimer ou la renuméroter, '
                    "ou choisissez un autre numéro.",
                    number,
                    holder.title,
                    state,
                    reverse("wagtailadmin_pages:edit", args=[holder.pk]),
                ),
                code="unique",
            )
        return number

    def clean(self):
        """Times are the session's, or none: an end alone, or an end before the start, would
        be read as a whole day or a wrong one in the calendars."""
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if end is not None and start is None:
            self.add_error(
                "end_time",
                "Indiquez aussi l’heure de début, ou laissez les deux vides (journée entière).",
            )
        elif start is not None and end is not None and end <= start:
            self.add_error("end_time", "L’heure de fin doit suivre l’heure de début.")
        return cleaned
