from wagtail.admin.forms import WagtailAdminPageForm


class CapitalisationPageForm(WagtailAdminPageForm):
    """One step per stage of the process, one synthesis per theme: a second one would be
    shown twice, or hide the first."""

    def clean(self):
        cleaned_data = super().clean()
        self.one_per("steps", "stage", "Cette étape figure déjà plus haut : une seule par étape.")
        self.one_per("syntheses", "theme", "Ce thème a déjà sa synthèse plus haut.")
        return cleaned_data

    def one_per(self, formset_name, field, message):
        formset = self.formsets.get(formset_name)
        if formset is None:
            return
        seen = set()
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            value = data.get(field)
            if data.get("DELETE") or value is None:
                continue
            if value in seen:
                form.add_error(field, message)
            seen.add(value)
