"""Reading one graded quiz back: scores from nbgrader's gradebook, answers from the notebooks.

:func:`read_quiz_responses` gathers what :func:`~nmt_course.analysis.analyse_items`
needs for the assignment ``name`` of a course folder:

- **Scores** come from the gradebook (``nbgrader.api.Gradebook``, any
  SQLAlchemy URL; ``<course>/gradebook.db`` by default). Every grade cell
  whose name is a bank question id is an item; each student's score is
  (manual score if set, else the autograder's) / the cell's points, clamped to
  0..1, so extra credit does not count. A cell that still needs a manual grade
  (a written answer nobody has marked) is left out, not counted as 0.
- **Answers** come from ``<course>/autograded/<student>/<name>/<notebook>.ipynb``:
  the answer cell of question ``qid`` has the id (or nbgrader ``grade_id``)
  ``<qid>-a`` and sets the quiz variable (``q01``...) that the source
  notebook's ``nmt_course.questions`` metadata maps to ``qid``.
  :func:`parse_answer` reads it with :mod:`ast` and **never executes student
  code**; :func:`chosen_options` turns the value into option letters with the
  same forgiving rules as the scorer.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NmtCourseError
from ..grading.answers import NOT_A_LITERAL, read_answer
from ..quiz.scoring import chosen_options

__all__ = ["QuizResponses", "parse_answer", "chosen_options", "read_scores", "read_answers", "read_quiz_responses"]



@dataclass(frozen=True)
class QuizResponses:
    """One assignment's scores (fractions) and chosen options, ready for ``analyse_items``."""

    assignment: str
    item_ids: tuple[str, ...]
    max_points: dict[str, float]
    scores: dict[str, dict[str, float]]
    answers: dict[str, dict[str, tuple[str, ...] | None]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def parse_answer(source: str, variable: str) -> tuple[bool, Any]:
    """The value one cell gives ``variable``, read without running it: ``(valid, value)``.

    The same reading as the static grader (:mod:`nmt_course.grading.answers`):
    the last statement that binds the name decides, and it must be a plain
    ``variable = <literal>``. ``(False, None)`` is "not a valid answer" (code,
    or never assigned); ``(True, None)`` is the untouched template.
    """
    answer = read_answer([{"cell_type": "code", "source": source}], variable)
    if answer.value is NOT_A_LITERAL or (answer.value is None and answer.note):
        return False, None
    return True, answer.value


def read_scores(db_url: str, assignment: str, question_ids: Collection[str]) -> tuple[dict[str, float], dict[str, dict[str, float]], int, list[str]]:
    """``(max_points, scores, not yet marked, notebook names)`` of one assignment in a gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    max_points: dict[str, float] = {}
    scores: dict[str, dict[str, float]] = {}
    unmarked = 0
    # course_id="" so that opening the gradebook to read it adds no course row
    with Gradebook(db_url, course_id="") as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            raise NmtCourseError(f"the gradebook has no quiz called {assignment!r}; release and grade it first (nmt-course quiz release, nbgrader autograde)") from None
        notebooks = [nb.name for nb in found.notebooks]
        for nb in found.notebooks:
            for cell in nb.grade_cells:
                if cell.name in question_ids and cell.max_score > 0:
                    max_points[cell.name] = float(cell.max_score)
        for submission in found.submissions:
            row = scores.setdefault(submission.student.id, {})
            for snb in submission.notebooks:
                for g in snb.grades:
                    if g.name not in max_points:
                        continue
                    if g.needs_manual_grade:
                        unmarked += 1
                        continue
                    earned = g.manual_score if g.manual_score is not None else (g.auto_score or 0.0)
                    row[g.name] = min(1.0, max(0.0, earned / max_points[g.name]))
    return max_points, scores, unmarked, notebooks


def _load_notebook(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("cells"), list) else None


def _dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a dict, else an empty one: notebooks on disk may have been edited by anyone."""
    return value if isinstance(value, dict) else {}


def _variables(nb: Mapping[str, Any] | None) -> dict[str, str]:
    """Question id -> quiz variable, from the notebook's ``nmt_course.questions`` metadata."""
    questions = _dict(_dict(_dict(nb).get("metadata")).get("nmt_course")).get("questions")
    return {qid: var for var, qid in _dict(questions).items() if isinstance(qid, str) and isinstance(var, str)}


def _is_variable(name: str) -> bool:
    return len(name) in (3, 4) and name[0] == "q" and name[1:].isdigit()


def _answer_source(nb: Mapping[str, Any], qid: str) -> str | None:
    source = None
    for cell in nb["cells"]:
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        grade_id = _dict(_dict(cell.get("metadata")).get("nbgrader")).get("grade_id")
        if f"{qid}-a" in (cell.get("id"), grade_id):
            text = cell.get("source", "")
            source = "".join(text) if isinstance(text, list) else str(text)
    return source


def read_answers(course_dir: Path, assignment: str, notebooks: list[str], students: Collection[str], questions: Mapping[str, Any]) -> dict[str, dict[str, tuple[str, ...] | None]]:
    """Each student's chosen options on every single- and multiple-answer question (None = unreadable)."""
    course_dir = Path(course_dir)
    wanted = {qid: q for qid, q in questions.items() if getattr(q, "type", None) in {"single", "multiple"}}
    variables: dict[str, str] = {}
    for nb_name in notebooks:
        for folder in ("source", "release"):  # the instructor's copy: students cannot change its metadata
            found = _variables(_load_notebook(course_dir / folder / assignment / f"{nb_name}.ipynb"))
            if found:
                variables.update(found)
                break
    answers: dict[str, dict[str, tuple[str, ...] | None]] = {}
    for student in students:
        row = answers.setdefault(student, {qid: None for qid in wanted})
        for nb_name in notebooks:
            nb = _load_notebook(course_dir / "autograded" / student / assignment / f"{nb_name}.ipynb")
            if nb is None:
                continue
            own = _variables(nb)
            for qid, q in wanted.items():
                source = _answer_source(nb, qid)
                # quizzes with answer keys name their cells after the variable itself (q03, q03-a)
                var = variables.get(qid) or own.get(qid) or (qid if _is_variable(qid) else None)
                if source is None or var is None:
                    continue
                valid, value = parse_answer(source, var)
                row[qid] = chosen_options(q, value) if valid else None
    return answers


def read_quiz_responses(name: str, *, course_dir: Path, questions: Mapping[str, Any], db_url: str | None = None) -> QuizResponses:
    """Scores and chosen options of quiz ``name``, items in the order of the quiz."""
    course_dir = Path(course_dir)
    if db_url is None:
        db_path = course_dir / "gradebook.db"
        if not db_path.is_file():
            raise NmtCourseError(f"there is no gradebook in {course_dir}; grade the quiz first (nbgrader autograde {name})")
        db_url = f"sqlite:///{db_path}"
    max_points, scores, unmarked, notebooks = read_scores(db_url, name, set(questions))
    order: list[str] = []
    for nb_name in notebooks:
        variables = _variables(_load_notebook(course_dir / "source" / name / f"{nb_name}.ipynb"))
        order += [qid for qid, _ in sorted(variables.items(), key=lambda kv: kv[1]) if qid in max_points]
    item_ids = tuple(dict.fromkeys(order + sorted(max_points)))
    answers = read_answers(course_dir, name, notebooks, list(scores), {q: questions[q] for q in item_ids})
    notes = []
    if unmarked:
        notes.append(f"{unmarked} answer{'s' if unmarked != 1 else ''} still waiting for a manual grade {'were' if unmarked != 1 else 'was'} left out.")
    return QuizResponses(name, item_ids, {q: max_points[q] for q in item_ids}, scores, answers, tuple(notes))
