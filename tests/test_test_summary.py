"""`make test` ends with one summary of the whole run (scripts/test_summary.py), whatever its
phases printed, and its exit code fails the run if any phase failed or ran nothing."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "test_summary.py"
spec = importlib.util.spec_from_file_location("test_summary", SCRIPT)
test_summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(test_summary)

NNBSP = "\u202f"


def report(tmp_path, name, passed=0, failed=(), errors=(), skipped=0):
    """A JUnit XML report as pytest writes it (one testsuite in testsuites)."""
    cases = [f'<testcase classname="tests.test_a" name="test_ok_{n}"/>' for n in range(passed)]
    cases += [
        f'<testcase classname="tests.test_a" name="{test}"><failure message="x"/></testcase>'
        for test in failed
    ]
    cases += [
        f'<testcase classname="tests.test_a" name="{test}"><error message="x"/></testcase>'
        for test in errors
    ]
    cases += [
        f'<testcase classname="tests.test_a" name="test_skip_{n}"><skipped/></testcase>'
        for n in range(skipped)
    ]
    path = tmp_path / f"{name}.xml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">'
        + "".join(cases)
        + "</testsuite></testsuites>",
        encoding="utf-8",
    )
    return path


def run(capsys, *args):
    code = test_summary.main(["test_summary.py", *args])
    return code, capsys.readouterr().out.strip("\n").splitlines()


def test_the_last_line_sums_every_phase(tmp_path, capsys):
    other = report(tmp_path, "other", passed=1180, skipped=2)
    browser = report(tmp_path, "browser", passed=54)
    code, lines = run(
        capsys,
        "Suite complète",
        "389",
        f"hors navigateur:0:{other}:301",
        f"dans le navigateur:0:{browser}:88",
    )
    assert code == 0
    assert (
        lines[-1] == f"Suite complète : 1{NNBSP}234 tests réussis, 0 en échec, 2 ignorés (389 s)."
    )
    assert f"  hors navigateur : 1{NNBSP}180 réussis, 0 en échec, 2 ignorés (301 s)" in lines
    assert "  dans le navigateur : 54 réussis, 0 en échec (88 s)" in lines


def test_a_failure_in_one_phase_fails_the_run_and_is_named(tmp_path, capsys):
    other = report(tmp_path, "other", passed=10)
    browser = report(tmp_path, "browser", passed=3, failed=["test_map"], errors=["test_zip"])
    code, lines = run(
        capsys,
        "Suite complète",
        "60",
        f"hors navigateur:0:{other}:40",
        f"dans le navigateur:1:{browser}:20",
    )
    assert code == 1
    assert lines[-1] == "ÉCHEC — suite complète : 13 tests réussis, 2 en échec (60 s)."
    assert "  en échec : tests.test_a::test_map" in lines
    assert "  en échec : tests.test_a::test_zip" in lines


def test_a_phase_that_ran_no_test_fails_the_run(tmp_path, capsys):
    """pytest's exit code 5: a selection that matched nothing is not a success."""
    other = report(tmp_path, "other", passed=10)
    empty = report(tmp_path, "browser")
    code, lines = run(
        capsys,
        "Suite complète",
        "12",
        f"hors navigateur:0:{other}:10",
        f"dans le navigateur:5:{empty}:2",
    )
    assert code == 1
    assert "  dans le navigateur : 0 réussi, 0 en échec (2 s ; aucun test sélectionné)" in lines
    assert lines[-1].startswith("ÉCHEC — suite complète : 10 tests réussis")


@pytest.mark.parametrize("code", ["0", "1", "3", "4"])
def test_a_phase_without_a_report_fails_the_run(tmp_path, capsys, code):
    code_, lines = run(capsys, "Sélection", "3", f"sélection:{code}:{tmp_path / 'none.xml'}:3")
    assert code_ == 1
    assert f"  sélection : pas de résultats (pytest, code {code})" in lines
    assert lines[-1] == "ÉCHEC — sélection : 0 test réussi, 0 en échec (3 s)."


def test_a_damaged_report_fails_the_run(tmp_path, capsys):
    damaged = tmp_path / "damaged.xml"
    damaged.write_text("<testsuites><testsuite>", encoding="utf-8")
    assert run(capsys, "Sélection", "1", f"sélection:0:{damaged}:1")[0] == 1


def test_a_phase_left_out_is_said(tmp_path, capsys):
    other = report(tmp_path, "other", passed=2)
    code, lines = run(
        capsys,
        "Suite complète",
        "5",
        f"hors navigateur:0:{other}:5",
        "dans le navigateur:absent:Chromium introuvable",
    )
    assert code == 0
    assert "  dans le navigateur : non lancés (Chromium introuvable)" in lines
    assert lines[-1] == "Suite complète : 2 tests réussis, 0 en échec (5 s)."


def test_one_phase_that_went_well_is_one_line(tmp_path, capsys):
    selection = report(tmp_path, "selection", passed=1, skipped=1)
    code, lines = run(capsys, "Sélection", "4", f"sélection:0:{selection}:4")
    assert code == 0
    assert lines == ["Sélection : 1 test réussi, 0 en échec, 1 ignoré (4 s)."]
