from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_theme_from_documents"),
        ("documents", "0010_theme_moved_to_editorial"),
    ]

    operations = [migrations.AlterModelTable(name="theme", table=None)]
