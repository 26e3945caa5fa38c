"""Quiz building: step order, cell layout, determinism (golden files), schema, CLI."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from nmt_course import quiz
from nmt_course.quiz.build import STEPS, render_quiz
from nmt_course.quiz.build.forms import add_answer_forms
from nmt_course.quiz.build.intro import add_intro
from nmt_course.quiz.build.metadata import add_metadata
from nmt_course.quiz.build.questions import add_questions
from nmt_course.quiz.build.self_check import add_self_check
from nmt_course.quiz.commands import build_shipped, shipped_quizzes

SHIPPED = ROOT / "quizzes"


def test_steps_run_in_this_order() -> None:
    assert STEPS == (add_intro, add_questions, add_answer_forms, add_self_check, add_metadata)


@pytest.fixture(scope="module")
def sample():
    bank = quiz.load_bank()
    picked = [bank["an-upper-trap-nerve"], bank["an-multi-cn-xi"], bank["an-written-trap-scm"]]
    return picked, render_quiz(picked, name="sample", title="Sample", seed=7)


def test_cells_per_question(sample) -> None:
    questions, nb = sample
    ids = [c["id"] for c in nb.cells]
    assert ids[:2] == ["sample-intro", "sample-setup"]
    assert ids[-2:] == ["sample-check-intro", "sample-check"]
    single = questions[0]
    assert ids[2:5] == [f"{single.id}-q", f"{single.id}-a", single.id]  # prompt, answer, hidden test
    meta = {c["id"]: c["metadata"]["nbgrader"] for c in nb.cells}
    assert meta[f"{single.id}-q"]["locked"] and not meta[f"{single.id}-q"]["grade"]
    assert meta[f"{single.id}-a"]["solution"] and not meta[f"{single.id}-a"]["locked"]
    assert meta[single.id]["grade"] and meta[single.id]["locked"] and meta[single.id]["points"] == single.points
    written = questions[2]
    assert meta[written.id]["solution"] and meta[written.id]["grade"] and meta[written.id]["points"] == 4
    assert nb.metadata["nmt_course"]["questions"] == {"q01": single.id, "q02": questions[1].id, "q03": written.id}


def test_answer_cell_template_and_hidden_test(sample) -> None:
    questions, nb = sample
    answer = next(c for c in nb.cells if c["id"] == f"{questions[0].id}-a")["source"]
    assert answer.splitlines()[0] == 'q01 = None  # your answer, e.g. "B"'
    assert "### BEGIN SOLUTION" in answer and "### END SOLUTION" in answer
    test = next(c for c in nb.cells if c["id"] == questions[0].id)["source"]
    lines = test.splitlines()
    assert lines[1] == "### BEGIN HIDDEN TESTS" and lines[-1] == "### END HIDDEN TESTS"
    assert lines[-2].endswith("globals().get('q01'))")  # the cell's last expression is the points


def test_setup_cell_carries_no_answers(sample) -> None:
    questions, nb = sample
    setup = next(c for c in nb.cells if c["id"] == "sample-setup")["source"]
    assign = next(n for n in ast.parse(setup).body if isinstance(n, ast.Assign) and n.targets[0].id == "QUIZ_FORMATS")
    formats = ast.literal_eval(assign.value)
    assert setup.splitlines()[-1] == "install_answer_guard(QUIZ_FORMATS)"  # no traceback for a typed mistake
    assert set(formats) == {"q01", "q02"}  # written answers are not format-checked
    for spec in formats.values():
        assert set(spec) <= {"id", "type", "options", "choices", "unit"}  # no answer key, no feedback


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = run_cli("quiz", "build", "again", "--topics", "anatomy", "--count", "5", "--seed", "3", "--course-dir", str(tmp_path / "a"))
    second = run_cli("quiz", "build", "again", "--topics", "anatomy", "--count", "5", "--seed", "3", "--course-dir", str(tmp_path / "b"))
    assert first.returncode == second.returncode == 0, first.stderr
    a = (tmp_path / "a" / "source" / "again" / "again.ipynb").read_bytes()
    assert a == (tmp_path / "b" / "source" / "again" / "again.ipynb").read_bytes()
    other = run_cli("quiz", "build", "again", "--topics", "anatomy", "--count", "5", "--seed", "4", "--course-dir", str(tmp_path / "c"))
    assert other.returncode == 0 and (tmp_path / "c" / "source" / "again" / "again.ipynb").read_bytes() != a


def test_shipped_quizzes_match_their_golden_files(tmp_path: Path, update_goldens: bool) -> None:
    (tmp_path / "quizzes.yaml").write_text((SHIPPED / "quizzes.yaml").read_text())
    built = build_shipped(course_dir=SHIPPED if update_goldens else tmp_path)
    expected = {"trigger-points": 20, "contraindications": 20, "session-flow": 15, "mblex-mock": 50}
    assert {b.name: b.questions for b in built} == expected
    for b in built:
        golden = SHIPPED / "source" / b.name / f"{b.name}.ipynb"
        assert b.path.read_bytes() == golden.read_bytes(), f"{b.name} differs from its golden file; run pytest --update-goldens"


def test_mock_exam_follows_the_outline() -> None:
    nb = json.loads((SHIPPED / "source" / "mblex-mock" / "mblex-mock.ipynb").read_text())
    bank = quiz.load_bank()
    areas: dict[str, int] = {}
    for qid in nb["metadata"]["nmt_course"]["questions"].values():
        areas[bank[qid].mblex_area] = areas.get(bank[qid].mblex_area, 0) + 1
    from nmt_course import kb

    for area in kb.load().mblex.areas:
        assert abs(areas.get(area.id, 0) - area.weight * 50) <= 1, (area.id, areas.get(area.id))


def test_committed_schema_is_current() -> None:
    assert (SHIPPED / "bank.schema.json").read_text() == quiz.bank_json_schema(), "run: nmt-course bank schema > quizzes/bank.schema.json"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["quiz", "build", "x", "--topics", "no-such-topic"], "no questions in the bank have the topic"),  # unknown topic
        (["quiz", "build", "x", "--topics", "ethics", "--count", "500"], "only"),  # more than the bank has
        (["quiz", "build", "bad name!"], "not a usable quiz name"),  # bad name
        (["quiz", "release", "never-built"], "build it first"),  # release before build
    ],
)
def test_quiz_cli_errors_are_friendly(tmp_path: Path, args: list[str], words: str) -> None:
    result = run_cli(*args, "--course-dir", str(tmp_path))
    assert result.returncode == 1 and words in result.stderr and "Traceback" not in result.stderr


def test_shipped_list_is_the_manifest() -> None:
    assert [q["name"] for q in shipped_quizzes()] == ["trigger-points", "contraindications", "session-flow", "mblex-mock"]


def _leaks(record: object, question) -> list[str]:
    """Anything in a form record that the student does not already see."""
    text = json.dumps(record)
    found = [question.id] if question.id in text else []
    for opt in getattr(question, "options", []):
        if opt.feedback in text:
            found.append(f"feedback of {opt.id}")
    if "answer" in record:  # a key named after the answer
        found.append("key")
    return found


def test_every_answer_cell_carries_its_form_record_and_nothing_more(sample) -> None:
    questions, nb = sample
    records = [(c.cell_type, c.metadata["nmt_course"]) for c in nb.cells if "nmt_course" in c.metadata]
    assert [kind for kind, _ in records] == ["code", "code", "markdown"]  # two typed answers, one written
    single, multiple, written = (r["answer"] for _, r in records)
    assert all(r["schema_version"] == 1 for _, r in records)
    assert single == {"number": 1, "type": "single", "variable": "q01", "options": [[o.id, o.text] for o in questions[0].options]}
    assert multiple["variable"] == "q02" and multiple["type"] == "multiple"
    assert written == {"number": 3, "type": "written"}  # a markdown cell: no variable
    for record, q in zip((single, multiple, written), questions):
        assert _leaks(record, q) == []


@pytest.mark.parametrize("kind", ["single", "multiple", "ordering", "matching", "numeric", "hotspot", "written"])
def test_the_form_record_of_each_type(kind: str) -> None:
    from nmt_course import kb
    from nmt_course.quiz.build.forms import answer_form

    q = next(q for q in quiz.load_bank() if q.type == kind and (kind != "numeric" or q.answer.unit))
    record = answer_form(None if kind == "written" else "q05", 5, q)
    assert _leaks(record, q) == []
    keys = {"single": {"options"}, "multiple": {"options"}, "ordering": {"options"}, "matching": {"options", "choices"},
            "numeric": {"unit"}, "hotspot": {"regions"}, "written": set()}[kind]
    assert set(record) - {"number", "type", "variable"} == keys
    if kind == "hotspot":
        labels = [label for _area, group in record["regions"] for label in group]
        assert sorted(labels) == sorted(r.label for r in kb.load().regions.values())  # every region, each once
        assert all(kb.load().find_region(label) is not None for label in labels)  # a clicked label grades as typed


def test_shipped_quizzes_have_a_form_for_every_answer_cell() -> None:
    for path in sorted((SHIPPED / "source").glob("*/*.ipynb")):
        nb = json.loads(path.read_text())
        answers = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
        assert answers and all("answer" in c["metadata"].get("nmt_course", {}) for c in answers), path.name
        numbers = [c["metadata"]["nmt_course"]["answer"]["number"] for c in answers]
        assert numbers == list(range(1, len(answers) + 1))
