"""Write site/locale/fr/LC_MESSAGES/django.po (and djangojs.po) from Wagtail's French
catalogues: the entries whose French says « workflow », « Status », « Salut » or leaves
an agreement open (« un(e) thème », « Ce(tte) page est référencé(e) », « le/la »), reworded;
then compile them with msgfmt.

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

# A placeholder, masked while rewording (« %(model_name)s » becomes « \x00 0 \x00 »): the
# rewordings may move it but never change it.
P = r"(\x00\d+d?\x00)"
COUNT = r"(\x00\d+d\x00)"  # a number: « %(count)d »

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
    # Open agreements: Wagtail's French writes « Ce(tte) %(model_name)s est référencé(e) »
    # because the same sentence serves a page (f.), a document (m.), an organisation (f.), a
    # lieu (m.)... Here the sentence says « ce contenu (page) », whose agreement is fixed,
    # and a participle alone (« Déverrouillé », « Utilisé 0 fois ») takes the masculine.
    #
    # The reader: « Êtes-vous sûr(e) de vouloir supprimer… » asks without an adjective.
    (r"Êtes[- ]vous sûr\(e\) de toujours vouloir", "Voulez-vous toujours"),
    (r"Êtes-vous sûr\(e\) de vouloir", "Voulez-vous vraiment"),
    (r"Êtes-vous sûr\(e\)(\s?)\?", r"Voulez-vous vraiment continuer\1?"),
    # A label that cannot agree: « Ajouter un(e) enjeu », « Créer un(e) nouveau(elle) thème ».
    (rf"Ajouter un\(e\) {P}", r"Ajouter : \1"),
    (rf"Créer un\(e\) nouveau\(elle\) {P}", r"Créer : \1"),
    (rf"Nouvel\(le\)(\s?): {P}", r"Création\1: \2"),
    (rf"Aucun\(e\) {P} ne correspond", r"Aucun résultat (\1) ne correspond"),
    (r"Choisir un\(e\) autre", "Choisir un autre élément"),
    (r"en (créer|transférer) un\(e\) maintenant", r"en \1 dès maintenant"),
    # The thing named by its type: « ce contenu (page) ».
    (rf"\b([CcLl])e ?(?:\(tte\)|/cette|/la|\(la\)) {P}", r"\1e contenu (\2)"),
    (rf"\bun\(e\) {P}", r"un contenu (\1)"),
    (rf"\bque {P} est", r"que le contenu (\1) est"),
    (rf"^{P} sera", r"le contenu (\1) sera"),
    # The thing named by its type and title at the head of a message: « Organisation
    # « ARADEL » modifié(e) » says « Le contenu « ARADEL » (Organisation) a été modifié ».
    (rf"^{COUNT} «\s*{P}\s*» supprimé\(e\)s?\.", "Contenus supprimés (\\2)\u00a0: \\1."),
    (rf"^\s*{P} («\s*{P}\s*») (?=\w+\(e\))", r"Le contenu \2 (\1) a été "),
    (rf"^\s*{P} («\s*{P}\s*») ", r"Le contenu \2 (\1) "),
    (rf"^(«\s*\u200b?{P}\s*») ", r"Le contenu \1 "),
    (rf"<b>(«\s*{P}\s*») (a été|est) ", r"<b>Le contenu \1 \3 "),
    (rf"\bde {P} («\s*{P}\s*»)", r"du contenu \2 (\1)"),
    # Wagtail's French says « La page … a été soumis(e) ».
    (r"(La page «[^»]*» a été soumis)(?:\(e\))?\b", r"\1e"),
    (r"([Vv])errouillez le/la afin d'empêcher", r"\1errouillez-le pour empêcher"),
    (r"de le/la modifier", "de le modifier"),
    (r"\bil/elle\b", "il"),
    (r"devra être publié\(e\) et/ou expiré\(e\)", "sera publié et quand il expirera"),
    # Nouns that are feminine whatever the content: a version, the changes, the references.
    (r"(?<=version a été )planifié\b", "planifiée"),
    (r"(?i)(version .*?)déprogrammé\(e\)", r"\1déprogrammée"),
    (r"(?i)(la version .*?a été )planifié\(e\)", r"\1planifiée"),
    (r"ont été demandée\b", "ont été demandées"),
    (r"(références .*?) l'empêche\b", r"\1 l'empêchent"),
    (rf"(contenu \({P}\) n'a pas encore été soumis)e", r"\1"),
    (r"\bSeul les\b", "Seuls les"),
    (rf"^\(\s*{P} Privé\(e\)\)$", "(contenu privé\u00a0: \\1)"),
    (rf"^{P} inconnu\(e\)$", "Action inconnue\u00a0: \\1"),
    (r"^Aucun\(e\)$", "Aucune valeur"),
    (r"Réordonné\(e\)\(s\)", "Ordre modifié"),
    # Whatever is left takes the masculine: « Déverrouillé », « Plus ancien », « actif ».
    (r"\((?:e|ne|ve)\)", ""),
]
# Wagtail's French says « planifié(e) pour la publication » (scheduled) when an editor submits
# a snippet for review: written here by hand, by msgid.
BY_HAND = {
    "msgid \"%(model_name)s '%(object)s' has been submitted for moderation.\"": (
        "Le contenu « %(object)s » (%(model_name)s) a été soumis à validation."
    ),
    "msgid \"%(model_name)s '%(object)s' created and submitted for moderation.\"": (
        "Le contenu « %(object)s » (%(model_name)s) a été créé et soumis à validation."
    ),
}

# An agreement Wagtail's French leaves open, which the rewordings close.
OPEN_AGREEMENT = re.compile(
    r"\((?:e|tte|la|le|ne|ve|elle)\)|\b[Ll]e/la\b|\bil/elle\b|\b[Cc]e/cette\b"
)
WANTED = re.compile(r"[Ww]orkflow|\bStatus\b|\bSalut\b|" + OPEN_AGREEMENT.pattern)


def entries(text):
    """(lines of one entry) for each entry of a .po file."""
    return [block.splitlines() for block in re.split(r"\n\s*\n", text) if block.strip()]


def msgstr_start(lines):
    return next(i for i, line in enumerate(lines) if line.startswith("msgstr"))


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
QUOTED = re.compile(r'"(.*)"')


def reword(text):
    """The French rewordings of one translation, leaving the placeholders (« %(workflow)s »)
    as they are."""
    kept = PLACEHOLDER.findall(text)
    masks = [f"\x00{index}{'d' if p.endswith(')d') else ''}\x00" for index, p in enumerate(kept)]
    for placeholder, mask in zip(kept, masks, strict=True):
        text = text.replace(placeholder, mask, 1)
    for pattern, replacement in REWORDINGS:
        text = re.sub(pattern, replacement, text)
    for placeholder, mask in zip(kept, masks, strict=True):
        text = text.replace(mask, placeholder)
    return text


def translations(lines):
    """(msgstr or msgstr[n], its text as written in the .po, quotes joined) of one entry."""
    found = []
    for line in lines:
        if line.startswith("msgstr"):
            found.append([line.split(" ", 1)[0], ""])
        found[-1][1] += QUOTED.search(line).group(1)
    return found


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
            french = translations(lines[start:])
            if key in BY_HAND:
                french = [(label, BY_HAND[key]) for label, _ in french]
            elif any(WANTED.search(text) for _, text in french):
                french = [(label, reword(text)) for label, text in french]
            else:
                continue
            seen.add(key)
            chosen.append(lines[:start] + [f'{label} "{text}"' for label, text in french])
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
        still_open = [line for lines in chosen for line in lines if OPEN_AGREEMENT.search(line)]
        if still_open:
            # A new Wagtail brought a sentence the rewordings do not close: add one.
            sys.exit("Accords encore ouverts :\n" + "\n".join(still_open))
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
