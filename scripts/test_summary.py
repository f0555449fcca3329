"""One summary of a `make test` run, whatever its phases: scripts/test.sh runs pytest once
without the browser tests and once with them (each selection ends on pytest's own
« 12 passed, 442 deselected »), then calls this with each phase's exit code and JUnit XML
report. It prints the counts of each phase and of the whole run, the failed tests' names, and
exits 0 only if every phase ran tests and none failed (pytest's exit code 5, « no tests
collected », fails the run too).

    test_summary.py TITLE SECONDS PHASE...
        TITLE: « Suite complète », or « Sélection » for the tests named on the command line;
        PHASE: « label:exit code:report.xml:seconds », or « label:absent:reason » (not run).
"""

import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

# pytest's exit codes (_pytest.config.ExitCode).
OK, TESTS_FAILED, INTERRUPTED, INTERNAL_ERROR, USAGE_ERROR, NO_TESTS_COLLECTED = range(6)
TROUBLE = {
    INTERRUPTED: "interrompu",
    INTERNAL_ERROR: "erreur interne de pytest",
    USAGE_ERROR: "appel de pytest incorrect",
    NO_TESTS_COLLECTED: "aucun test sélectionné",
}
SHOWN_FAILURES = 20


@dataclass
class Counts:
    passed: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list = field(default_factory=list)

    def add(self, other):
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped
        self.failures += other.failures


def read_report(path):
    """The counts of one pytest JUnit XML report (errors count as failures)."""
    counts = Counts()
    # The reports are pytest's own, written a moment ago in a private folder: trusted.
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314
        outcome = {child.tag for child in case}
        name = "::".join(filter(None, [case.get("classname"), case.get("name")]))
        if outcome & {"failure", "error"}:
            counts.failed += 1
            counts.failures.append(name)
        elif "skipped" in outcome:
            counts.skipped += 1
        else:
            counts.passed += 1
    return counts


def number(n):
    """1234 → « 1 234 », with the narrow no-break space French puts between thousands."""
    return f"{n:,}".replace(",", "\u202f")


def plural(n, singular, plural_form=None):
    return f"{number(n)} {singular if n < 2 else plural_form or singular + 's'}"


def describe(counts, with_noun=False):
    noun = ("test réussi", "tests réussis") if with_noun else ("réussi", "réussis")
    parts = [plural(counts.passed, *noun), f"{number(counts.failed)} en échec"]
    if counts.skipped:
        parts.append(plural(counts.skipped, "ignoré"))
    return ", ".join(parts)


def summarise(title, total_seconds, phases):
    """The summary's lines and the run's exit code, from the phases' descriptions."""
    lines, total, problems = [], Counts(), []
    for phase in phases:
        label, status, *rest = phase.split(":", 3)
        if status == "absent":
            lines.append(f"  {label} : non lancés ({':'.join(rest) or 'absents'})")
            continue
        code, report, seconds = int(status), rest[0], rest[1]
        try:
            counts = read_report(report)
        except (OSError, ET.ParseError):
            counts = None
        if counts is None:
            lines.append(f"  {label} : pas de résultats (pytest, code {code})")
            problems.append(label)
            continue
        total.add(counts)
        note = f" ; {TROUBLE[code]}" if code in TROUBLE else ""
        lines.append(f"  {label} : {describe(counts)} ({seconds} s{note})")
        if code != OK or counts.failed:
            problems.append(label)
    for name in total.failures[:SHOWN_FAILURES]:
        lines.append(f"  en échec : {name}")
    if len(total.failures) > SHOWN_FAILURES:
        lines.append(f"  … et {number(len(total.failures) - SHOWN_FAILURES)} autres en échec")
    if len(phases) == 1 and not total.failures and not problems:
        lines = []  # one phase that went well: the last line says it all
    verdict = f"ÉCHEC — {title.lower()}" if problems else title
    lines.append(f"{verdict} : {describe(total, with_noun=True)} ({number(int(total_seconds))} s).")
    return lines, (1 if problems else 0)


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    lines, code = summarise(argv[1], argv[2], argv[3:])
    print("\n" + "\n".join(lines))
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
