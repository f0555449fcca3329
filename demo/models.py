from django.db import models


class DemoStep(models.Model):
    """A step of the demo command already applied to this database (see load_demo)."""

    name = models.CharField("étape", max_length=100, unique=True)
    applied_at = models.DateTimeField("appliquée le", auto_now_add=True)

    class Meta:
        # The table the home app created before the demo had its own room: existing sites
        # keep the steps they recorded (migrations home.0005 and demo.0001 move the state only).
        db_table = "home_demostep"
        verbose_name = "étape de la démonstration"
        verbose_name_plural = "étapes de la démonstration"

    def __str__(self):
        return self.name
