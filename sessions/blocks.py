"""Blocks of a session's programme."""

from wagtail import blocks


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
        template = "components/streamfield/blocks/programme_slot_block.html"


class ProgrammeBlock(blocks.StreamBlock):
    slot = ProgrammeSlotBlock()


class ObjectivesBlock(blocks.StreamBlock):
    objective = blocks.CharBlock(label="objectif", max_length=500, icon="success")
