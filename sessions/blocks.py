"""Blocks of a session's programme."""

from wagtail import blocks


class ProgrammeSlotValue(blocks.StructValue):
    @property
    def search_phrase(self):
        """The row as a sentence of its own, for search excerpts: « Déjeuner. », « Intervention
        extérieure : Outils et dispositifs (ARADEL). Description »."""
        title = (self.get("title") or "").strip().rstrip(".")
        kind = self.get("kind")
        if kind and kind != "pause":
            title = f"{dict(ProgrammeSlotBlock.Kind.CHOICES).get(kind, '')}\u00a0: {title}"
        speakers = (self.get("speakers") or "").strip()
        phrase = f"{title} ({speakers})." if speakers else f"{title}."
        description = " ".join((self.get("description") or "").split())
        return f"{phrase} {description}".strip()


class ProgrammeSlotBlock(blocks.StructBlock):
    class Kind:
        CHOICES = [
            ("cadrage", "Temps de cadrage"),
            ("intervention", "Intervention extérieure"),
            ("travaux", "Travaux en séance"),
            ("restitution", "Restitution"),
            ("pause", "Pause ou déjeuner"),
        ]

    start = blocks.TimeBlock(label="début", format="%H:%M")
    end = blocks.TimeBlock(label="fin", format="%H:%M", required=False)
    kind = blocks.ChoiceBlock(label="type de temps", choices=Kind.CHOICES, default="travaux")
    title = blocks.CharBlock(label="intitulé", max_length=255)
    speakers = blocks.CharBlock(
        label="intervenants",
        required=False,
        max_length=255,
        help_text="Noms et organisations, séparés par des virgules.",
    )
    description = blocks.TextBlock(label="description", required=False)

    class Meta:
        icon = "time"
        label = "Créneau"
        value_class = ProgrammeSlotValue
        template = "components/streamfield/blocks/programme_slot_block.html"


class ProgrammeBlock(blocks.StreamBlock):
    slot = ProgrammeSlotBlock()


class ObjectivesBlock(blocks.StreamBlock):
    objective = blocks.CharBlock(label="objectif", max_length=500, icon="success")
