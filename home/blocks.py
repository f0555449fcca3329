"""The blocks of the site's free pages (« La formation-action », the legal pages): the shared
blocks, a passage the demo invented, and two that the legal pages read from the site itself,
so that they never say something else than the site: its state of accessibility (the footer's
setting) and the durations it keeps personal data."""

from wagtail import blocks
from wagtail.models import Site

from editorial.blocks import BodyBlock, ExamplePassageBlock
from people.blocks import RetentionPeriodsBlock


class AccessibilityStatusBlock(blocks.StaticBlock):
    """« Le site … est non conforme avec le RGAA 4.1 », from Réglages › Pied de page."""

    def get_context(self, value, parent_context=None):
        from home.models import FooterSettings  # the models use these blocks

        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        site = Site.find_for_request(request) if request is not None else None
        site = site or Site.objects.filter(is_default_site=True).first()
        footer = FooterSettings.for_site(site) if site is not None else FooterSettings()
        context["status"] = footer.get_accessibility_status_display()
        context["audited"] = footer.accessibility_status != FooterSettings.AccessibilityStatus.NONE
        context["site_name"] = site.site_name if site is not None and site.site_name else ""
        return context

    class Meta:
        icon = "success"
        label = "État de conformité (RGAA)"
        admin_text = (
            "L’état de conformité réglé dans Réglages › Pied de page, le même que celui du pied "
            "de chaque page : rien à saisir ici."
        )
        template = "components/streamfield/blocks/accessibility_status_block.html"
        group = "Pages légales"


class ContentBodyBlock(BodyBlock):
    example = ExamplePassageBlock()
    accessibility_status = AccessibilityStatusBlock()
    retention_periods = RetentionPeriodsBlock()
