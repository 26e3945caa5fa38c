"""The question bank: counts, integrity, answer keys, and located errors for broken files."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from nmt_course import quiz
from nmt_course.quiz.bank import check_bank
from nmt_course.quiz.build.questions import _solution

BANK = ROOT / "nmt_course" / "data" / "bank"


@pytest.fixture(scope="module")
def bank() -> quiz.Bank:
    return quiz.load_bank()


def test_bank_size(bank: quiz.Bank) -> None:
    assert len(bank) >= 160


@pytest.mark.parametrize(
    ("topics", "minimum"),
    [
        ({"trigger-points", "referral"}, 45),  # trigger points and referral
        ({"contraindications", "endangerment-sites"}, 35),
        ({"session-flow", "techniques"}, 35),
        ({"anatomy", "kinesiology"}, 25),
        ({"assessment", "evidence", "ethics", "professional-practice"}, 20),
    ],
)
def test_topic_counts(bank: quiz.Bank, topics: set[str], minimum: int) -> None:
    assert sum(1 for q in bank if topics & set(q.topics)) >= minimum


def test_every_type_is_used(bank: quiz.Bank) -> None:
    assert set(Counter(q.type for q in bank)) == {"single", "multiple", "ordering", "matching", "numeric", "hotspot", "written"}


def test_every_answer_key_earns_full_points(bank: quiz.Bank) -> None:
    short = [q.id for q in bank if q.type != "written" and quiz.score(q, _solution(q)) != q.points]
    assert not short, short


def test_every_option_has_its_own_feedback(bank: quiz.Bank) -> None:
    for q in bank:
        for o in getattr(q, "options", []):
            assert len(o.feedback) > 10, (q.id, o.id)


def test_scenarios_are_common(bank: quiz.Bank) -> None:
    scenarios = [q for q in bank if "client" in q.stem.lower()]
    assert len(scenarios) >= len(bank) // 3


def _broken(tmp_path: Path) -> Path:
    target = tmp_path / "bank"
    shutil.copytree(BANK, target)
    return target


def test_broken_bank_lists_every_problem_with_file_and_line(tmp_path: Path) -> None:
    d = _broken(tmp_path)
    tp = d / "trigger_points.yaml"
    text = tp.read_text()
    head, tail = text.rsplit("sources: [", 1)
    text = head + "sources: [no-such-source, " + tail  # a dangling source in the last question
    first_answer = text.index("\n    answer: ")
    end = text.index("\n", first_answer + 1)
    text = text[:first_answer] + "\n    answer: Z" + text[end:]  # an answer that is not an option
    tp.write_text(text)
    (d / "anatomy.yaml").write_text("schema_version: 1\ntopic: anatomy\n  bad: [indent\n")  # broken YAML
    bank, problems = check_bank(d)
    messages = [str(p) for p in problems]
    assert any(m.startswith("trigger_points.yaml, line") and "no-such-source" in m for m in messages)
    assert any(m.startswith("anatomy.yaml, line") and "not valid YAML" in m for m in messages)
    assert any("trigger_points.yaml" in m and "not one of the options" in m for m in messages)
    result = run_cli("bank", "validate", "--bank", str(d))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "problems found in the question bank" in result.stderr


def test_duplicate_stems_and_ids_are_caught(tmp_path: Path) -> None:
    d = _broken(tmp_path)
    (d / "copy.yaml").write_text((d / "session_flow.yaml").read_text().replace("topic: session-flow", "topic: copy"))
    _, problems = check_bank(d)
    messages = " ".join(str(p) for p in problems)
    assert "is already used in copy.yaml" in messages  # files are read in name order


def test_cli_validate_ok() -> None:
    result = run_cli("bank", "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Question bank OK:")


def test_a_subtopic_must_belong_to_the_questions_area(tmp_path: Path) -> None:
    d = _broken(tmp_path)
    tp = d / "trigger_points.yaml"
    text = tp.read_text()
    area_line = text.index("\n    mblex_area: ")
    end = text.index("\n", area_line + 1)
    area = text[area_line:end].split(": ", 1)[1].strip()
    next_question = text.find("\n  - id: ", end)
    subtopic_line = text.find("\n    mblex_subtopic: ", area_line, next_question)
    if subtopic_line == -1:  # the first question names no subtopic yet: add one
        text = text[:end] + "\n    mblex_subtopic: draping" + text[end:]
    else:  # replace the subtopic it names
        text = text[:subtopic_line] + "\n    mblex_subtopic: draping" + text[text.index("\n", subtopic_line + 1):]
    tp.write_text(text)  # draping is a professional-practice subtopic
    _, problems = check_bank(d)
    messages = [str(p) for p in problems]
    if area == "professional-practice":  # pragma: no cover - the first question's area decides the case
        assert not messages
    else:
        assert any("'draping' is not a subtopic of " + area in m and m.startswith("trigger_points.yaml, line") for m in messages), messages


def test_a_misspelt_field_in_a_question_gets_a_suggestion(tmp_path: Path) -> None:
    d = _broken(tmp_path)
    tp = d / "trigger_points.yaml"
    text = tp.read_text()
    tp.write_text(text.replace("\n    explanation:", "\n    explanaton:", 1))
    _, problems = check_bank(d)
    messages = [str(p) for p in problems]
    assert len(messages) == 1, messages
    assert "unknown field 'explanaton': did you mean 'explanation'?" in messages[0]
    assert messages[0].startswith("trigger_points.yaml, line")
