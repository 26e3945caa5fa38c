"""A school's own banks: found, validated with the shipped bank, used by quiz build, never by the students' tools."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from nmt_course.quiz.banks import BANKS_ENV, bank_folders, check_banks, load_banks

SCHOOL = Path(__file__).parent / "school_bank"
PRIVATE_IDS = {"rv-upper-trap-location", "rv-scm-signs", "rv-clinic-order", "rv-match-referral", "rv-first-visit-minutes", "rv-hotspot-soleus", "rv-written-consent"}


@pytest.fixture
def school(tmp_path: Path) -> Path:
    target = tmp_path / "school"
    shutil.copytree(SCHOOL, target)
    return target


def test_a_private_bank_joins_the_shipped_one() -> None:
    bank, problems = check_banks([SCHOOL])
    assert problems == []
    assert set(bank.questions) >= PRIVATE_IDS
    assert {bank.origin(q) for q in PRIVATE_IDS} == {str(SCHOOL)}
    assert bank.origin("an-upper-trap-nerve") == "shipped"
    assert bank.file_of["rv-scm-signs"] == f"{SCHOOL}{os.sep}school.yaml"
    assert "school-clinic" in bank.topics


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("rv-scm-signs", "an-upper-trap-nerve"), "the question id 'an-upper-trap-nerve' is already used in the shipped bank (anatomy.yaml)"),
        (("riverside-handbook", "ts1983"), "the source id 'ts1983' is already used in the course bibliography"),  # in sources.yaml
        (("[barbero2013, riverside-handbook]", "[no-such-book]"), "there is no source with id 'no-such-book'"),
        (("answer: [A, C]", "answer: [A, Q]"), "school.yaml"),  # an answer that is not an option: located in the private file
    ],
)
def test_problems_in_a_private_bank_are_named_with_its_file(school: Path, change: tuple[str, str], message: str) -> None:
    old, new = change
    for name in ("school.yaml", "sources.yaml"):
        path = school / name
        path.write_text(path.read_text().replace(old, new, 1))
    _, problems = check_banks([school])
    text = "\n".join(str(p) for p in problems)
    assert message in text, text
    assert str(school) in text  # the message names the private folder's file


def test_two_private_banks_may_not_share_an_id(school: Path, tmp_path: Path) -> None:
    second = tmp_path / "second"
    shutil.copytree(SCHOOL, second)
    (second / "sources.yaml").unlink()
    (second / "school.yaml").write_text((second / "school.yaml").read_text().replace("riverside-handbook", "barbero2013"))
    _, problems = check_banks([school, second])
    assert any("'rv-scm-signs' is already used in " + str(school) in str(p) for p in problems)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    _, problems = check_banks([tmp_path / "nowhere"])
    assert [str(p) for p in problems] == [f"{tmp_path / 'nowhere'}: there is no bank folder here (give a folder of bank .yaml files)"]


def test_folders_come_from_quizzes_yaml_the_environment_and_the_command_line(tmp_path: Path) -> None:
    course = tmp_path / "course"
    found = bank_folders(cli=[tmp_path / "c"], course_dir=course, listed=["../a", str(tmp_path / "c")], env={BANKS_ENV: os.pathsep.join([str(tmp_path / "b"), ""])})
    # in order of mention (quizzes.yaml, then the environment, then --bank), each folder once
    assert [p.resolve() for p in found] == [(tmp_path / "a").resolve(), (tmp_path / "c").resolve(), (tmp_path / "b").resolve()]


def test_bank_validate_checks_a_private_folder() -> None:
    result = run_cli("bank", "validate", "--bank", str(SCHOOL))
    assert result.returncode == 0, result.stderr
    assert f"Private bank {SCHOOL} OK: 7 questions in 1 file" in result.stdout


def test_bank_validate_reports_a_clash(school: Path) -> None:
    (school / "school.yaml").write_text((school / "school.yaml").read_text().replace("rv-scm-signs", "tp-definition"))
    result = run_cli("bank", "validate", "--bank", str(school))
    assert result.returncode == 1 and "already used in the shipped bank" in result.stderr and "Traceback" not in result.stderr


def test_quiz_build_draws_from_the_private_bank(tmp_path: Path) -> None:
    result = run_cli("quiz", "build", "clinic", "--topics", "school-clinic", "--count", "7", "--bank", str(SCHOOL), "--course-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "7 questions, 8 points, 7 from your own banks" in result.stdout
    key = json.loads((tmp_path / "answer-keys" / "clinic.json").read_text())
    assert {e["id"] for e in key["questions"].values()} == PRIVATE_IDS
    assert {e["bank"] for e in key["questions"].values()} == {str(SCHOOL)}


def test_quizzes_yaml_banks_are_used_by_quiz_build(tmp_path: Path) -> None:
    (tmp_path / "quizzes.yaml").write_text(f"banks: [{SCHOOL}]\nquizzes: []\n")
    result = run_cli("quiz", "build", "clinic", "--topics", "school-clinic", "--count", "3", "--course-dir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "3 from your own banks" in result.stdout


def test_the_students_tools_never_read_a_private_bank() -> None:
    """quiz.load_bank() (practice, quick checks) is the shipped bank alone, whatever the environment says."""
    code = "from nmt_course import quiz; print(sorted(q.id for q in quiz.load_bank() if q.id.startswith('rv-')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env={**os.environ, BANKS_ENV: str(SCHOOL)}, check=True)
    assert done.stdout.strip() == "[]"
    assert set(load_banks([SCHOOL]).questions) >= PRIVATE_IDS  # the instructor's commands do read it
