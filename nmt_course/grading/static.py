"""Grading quiz notebooks without a kernel, inside nbgrader's own autograde.

:class:`StaticGrade` is an nbgrader preprocessor that takes the place of
``Execute`` in ``Autograde.autograde_preprocessors``. For every hidden test
cell (restored from the gradebook by nbgrader's ``OverwriteCells`` before we
see it) it reads the cell's ``grade_cell("q07", quiz=..., version=...)`` call,
finds that question in the course's answer key (:mod:`nmt_course.quiz.keys`,
looked up from the notebook's folder exactly as the kernel does), reads the
student's answer from the cells above with :mod:`.answers`, grades it with the
shared scorer, and writes the same outputs the kernel would have produced: the
feedback block (:mod:`nmt_course.quiz.feedback`) and the points as the cell's
result. A missing or mismatched key stops that notebook with the reason. All of
nbgrader's other steps (locked-cell restoration, checksums, gradebook, late
penalties, feedback, export) run unchanged. No student code is executed.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any

import fastjsonschema
import nbformat
from nbgrader import utils
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata, NbGraderPreprocessor
from pydantic import ValidationError as PydanticValidationError

from ..errors import NmtCourseError
from ..quiz.feedback import render_feedback
from ..quiz.keys import GradeCall, KeyedQuestion, lookup, read_grade_call
from ..quiz.reasons import invalid_message, reason
from ..quiz.scoring import Result, grade
from ..quiz.typed_mistakes import answer_advice
from .answers import NOT_A_LITERAL, Answer, read_answer, read_answers_at, typed_slip

_SLIP = object()  # an answer that was typed but cannot be read (not blank): shown as "not a valid answer"

__all__ = ["StaticGrade", "FastCheckCellMetadata", "parse_test_cell", "cell_metadata_problem", "warm_up"]


def parse_test_cell(source: str) -> GradeCall | None:
    """The ``grade_cell(...)`` call of a hidden test cell (keyed, or with the question inline); None if there is none."""
    return read_grade_call(source)


def _test_cell(source: str, folder: str) -> KeyedQuestion | None:
    """The question a test cell grades, from the course's answer key; None if the cell is not a quiz test cell.

    nbgrader restores every test cell from the gradebook before grading, so
    each student's copy has the same source: calls are parsed once per
    question, and each key file is read once (:mod:`nmt_course.quiz.keys`).
    """
    call = parse_test_cell(source)
    if call is None:
        return None
    if call.spec is not None:
        return _inline(source)
    return lookup(call, start=folder or None)


@lru_cache(maxsize=512)
def _inline(source: str) -> KeyedQuestion | None:
    """A test cell of a quiz built before answer keys, with the question inline: validated once per source."""
    call = parse_test_cell(source)
    try:
        return lookup(call) if call is not None else None
    except PydanticValidationError:
        return None


def _output(*args: Any, **fields: Any) -> nbformat.NotebookNode:
    """An output as ``nbformat.v4.new_output`` builds it, without validating each one (the notebook is validated when written)."""
    return nbformat.NotebookNode(*args, **fields)


class StaticGrade(NbGraderPreprocessor):
    """Fill the outputs of quiz test cells by reading answers, not running code."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        folder = resources.get("metadata", {}).get("path", "")
        tests: list[tuple[int, GradeCall | None, KeyedQuestion | None]] = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            cell.execution_count = None
            if utils.is_grade(cell):
                tests.append((index, parse_test_cell(cell.source), _test_cell(cell.source, folder)))
        stops: dict[str, int] = {}
        for index, call, keyed in tests:
            if call is not None and keyed is not None:
                stops.setdefault(call.variable, index)
        answers = read_answers_at(nb.cells, stops)  # one pass over the cells for every question
        for index, call, keyed in tests:
            cell = nb.cells[index]
            if call is None or keyed is None:
                cell.outputs = [_output(output_type="error", ename="NotAQuizCell", evalue="this test cell cannot be graded statically", traceback=[])]
                continue
            variable = call.variable
            answer = answers[variable] if stops[variable] == index else read_answer(nb.cells, variable, before=index)
            result, value = self._result(nb.cells, index, keyed, variable, answer)
            if result.reason is not None and result.reason.answered and "invalid" in resources.get("nbgrader", {}):
                resources["nbgrader"]["invalid"].append((variable, result.reason.text))
            bundle = render_feedback(keyed.question, result, answer=value, number=keyed.number, reveal=keyed.reveal_answers)
            cell.execution_count = index + 1
            cell.outputs = [
                _output(output_type="display_data", data=_output(bundle), metadata=_output()),
                _output(output_type="execute_result", data=_output({"text/plain": repr(float(result.points))}), metadata=_output(), execution_count=index + 1),
            ]
        return nb, resources

    @staticmethod
    def _result(cells: list[Any], index: int, keyed: KeyedQuestion, variable: str, answer: Answer) -> tuple[Result, Any]:
        """The result, and the answer as the feedback block shows it."""
        question = keyed.question
        slip = typed_slip(cells, answer, before=index)
        if slip is not None:  # the same advice the notebook's guard gave when the cell stopped
            summary = answer_advice(variable, slip, kind=question.type).summary
            return Result(0.0, keyed.points, False, f"{summary[:1].upper()}{summary[1:]}.", reason=answer.reason), _SLIP
        if answer.value is NOT_A_LITERAL:
            why = answer.reason or reason("set-by-code", variable=variable)
            return Result(0.0, keyed.points, False, invalid_message(why, question.type, variable=variable), reason=why), _SLIP
        return grade(question, answer.value), answer.value


class _CompiledSchemaCheck(BaseMetadataValidator):
    """The JSON Schema step of nbgrader's cell check, compiled once with fastjsonschema.

    A cell that fails the compiled check goes through nbgrader's own check,
    so the error raised is nbgrader's.
    """

    def __init__(self) -> None:
        super().__init__()
        self._check = fastjsonschema.compile(self.schema)

    def validate_cell(self, cell: nbformat.NotebookNode) -> None:
        meta = cell.metadata.get("nbgrader")
        if meta is None:
            return
        if meta.get("schema_version", 0) == self.schema_version:
            try:
                self._check(meta)
                return
            except fastjsonschema.JsonSchemaException:
                pass
        super().validate_cell(cell)  # nbgrader's version errors and schema errors


class _FastValidator(MetadataValidator, _CompiledSchemaCheck):
    """nbgrader's metadata validator, every check of it, with the schema step compiled.

    ``MetadataValidator.validate_cell`` calls ``super().validate_cell`` for the
    schema step; this class order puts the compiled step there, so nbgrader's
    own rules (grade ids, points, markdown and task cells, duplicate ids) run
    unchanged around it.
    """


class FastCheckCellMetadata(CheckCellMetadata):
    """nbgrader's ``CheckCellMetadata`` (same checks, same errors), about 20 times faster."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        try:
            _validator().validate_nb(nb)
        except ValidationError:
            msg = "Notebook failed to validate; the nbgrader metadata may be corrupted."
            self.log.error(msg)
            raise ValidationError(msg) from None
        return nb, resources


@lru_cache(maxsize=1)
def _validator() -> _FastValidator:
    return _FastValidator()


def cell_metadata_problem(cell: nbformat.NotebookNode) -> str | None:
    """What nbgrader's metadata check finds wrong with one cell's grading metadata; None if nothing.

    The check runs on a copy (it fills in defaults as it goes), with at most
    the start of the cell's text (used only in its messages).
    """
    probe = nbformat.NotebookNode(cell_type=cell.cell_type, metadata=copy.deepcopy(cell.metadata), source=str(cell.get("source", ""))[:200])
    try:
        _validator().validate_cell(probe)
    except Exception as exc:
        return str(exc).strip().splitlines()[-1][:200] if str(exc).strip() else type(exc).__name__
    return None


def warm_up(test_sources: list[str], *, folder: str = "") -> None:
    """Build, in this process, what grading a class needs (before workers are forked, so they share it).

    The test cells' questions, the compiled metadata check, nbformat's
    validator and, for body-region questions, the knowledge base.
    """
    questions = []
    for source in test_sources:
        try:
            keyed = _test_cell(source, folder)
        except NmtCourseError:  # a missing key: each student's notebook says so when it is graded
            continue
        if keyed is not None:
            questions.append(keyed.question)
    _validator()
    nbformat.validate(nbformat.v4.new_notebook())
    if any(q.type == "hotspot" for q in questions):
        from .. import knowledge

        knowledge.load()
