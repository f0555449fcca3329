"""Write site/locale/fr/LC_MESSAGES/django.po (and djangojs.po) from Wagtail's French
catalogues: the entries whose French says « workflow », « Status », « Salut » or leaves
an agreement open (« un(e) thème »), reworded; then compile them with msgfmt.

Django reads LOCALE_PATHS before the apps' catalogues, so these entries win over Wagtail's.
Run again after upgrading Wagtail: .venv/bin/python scripts/french_overrides.py
"""

import re
import subprocess
import sys
from pathlib import Path

import wagtail

BASE = Path(__file__).resolve().parent.parent
TARGET = BASE / "site" / "locale" / "fr" / "LC_MESSAGES"
WAGTAIL = Path(wagtail.__file__).parent

# Order matters: the specific phrases before the general words.
REWORDINGS = [
    (r"Tâches de workflow", "Étapes de validation"),
    (r"tâches de workflow", "étapes de validation"),
    (r"(États?) de workflow", r"\1 du circuit de validation"),
    (r"(?<=[ ’'])de workflow", "du circuit de validation"),
    (r"\bWorkflows\b", "Circuits de validation"),
    (r"\bworkflows\b", "circuits de validation"),
    (r"\bWorkflow\b", "Circuit de validation"),
    (r"\bworkflow\b", "circuit de validation"),
    (r"\bStatus\b", "Statut"),
    (r"\bSalut\b", "Bonjour"),
    # « Ajouter un(e) enjeu », « Créer un(e) nouveau(elle) thème »: the label cannot agree.
    (r"Ajouter un\(e\) \x00", "Ajouter : \x00"),
    (r"Créer un\(e\) nouveau\(elle\) \x00", "Créer : \x00"),
    (r"Aucun\(e\) \x00 ne correspond", "Aucun résultat (\x00) ne correspond"),
    (r"Choisir un\(e\) autre", "Choisir un autre élément"),
]
WANTED = re.compile(r"[Ww]orkflow|\bStatus\b|\bSalut\b|un\(e\) (%\(|nouveau)|un\(e\) autre")


def entries(text):
    """(lines of one entry) for each entry of a .po file."""
    return [block.splitlines() for block in re.split(r"\n\s*\n", text) if block.strip()]


def msgstr_start(lines):
    return next(i for i, line in enumerate(lines) if line.startswith("msgstr"))


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


def reword(line):
    """The French rewordings, leaving the placeholders (« %(workflow)s ») as they are."""
    kept = PLACEHOLDER.findall(line)
    line = PLACEHOLDER.sub("\x00", line)
    for pattern, replacement in REWORDINGS:
        line = re.sub(pattern, replacement, line)
    for placeholder in kept:
        line = line.replace("\x00", placeholder, 1)
    return line


def overrides(domain):
    chosen, seen = [], set()
    for po in sorted(WAGTAIL.rglob(f"locale/fr/LC_MESSAGES/{domain}.po")):
        for lines in entries(po.read_text(encoding="utf-8")):
            lines = [line for line in lines if not line.startswith("#")]
            if not any(line.startswith("msgstr") for line in lines):
                continue
            start = msgstr_start(lines)
            key = "\n".join(lines[:start])
            if not key.strip() or key == 'msgid ""' or key in seen:
                continue
            french = lines[start:]
            if not WANTED.search("\n".join(french)):
                continue
            seen.add(key)
            chosen.append(lines[:start] + [reword(line) for line in french])
    return chosen


HEADER = """# Rewordings of Wagtail's French for this site (scripts/french_overrides.py writes this).
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"
"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 "
"? 1 : 2;\\n"
"""


def main():
    TARGET.mkdir(parents=True, exist_ok=True)
    for domain in ("django", "djangojs"):
        chosen = overrides(domain)
        po = TARGET / f"{domain}.po"
        if not chosen:
            po.unlink(missing_ok=True)
            po.with_suffix(".mo").unlink(missing_ok=True)
            continue
        po.write_text(
            HEADER + "".join("\n" + "\n".join(lines) + "\n" for lines in chosen), encoding="utf-8"
        )
        # msgfmt (GNU gettext), on fixed arguments.
        subprocess.run(  # noqa: S603
            ["msgfmt", "--check-format", "-o", po.with_suffix(".mo"), po],  # noqa: S607
            check=True,
        )
        print(f"{po.relative_to(BASE)} : {len(chosen)} entrées")


if __name__ == "__main__":
    sys.exit(main())
