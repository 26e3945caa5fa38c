"""Grading quiz notebooks without a kernel, inside nbgrader's own autograde.

:class:`StaticGrade` is an nbgrader preprocessor that takes the place of
``Execute`` in ``Autograde.autograde_preprocessors``. For every hidden test
cell (restored from the gradebook by nbgrader's ``OverwriteCells`` before we
see it) it reads the question's spec from the cell's ``grade_cell(...)`` call,
reads the student's answer from the cells above with :mod:`.answers`, grades
it with the shared scorer, and writes the same outputs the kernel would have
produced: the feedback on stdout and the points as the cell's result. All of
nbgrader's other steps (locked-cell restoration, checksums, gradebook, late
penalties, feedback, export) run unchanged. No student code is executed.
"""

from __future__ import annotations

import ast
import copy
import io
from contextlib import redirect_stdout
from functools import lru_cache
from typing import Any

import fastjsonschema
import nbformat
from nbgrader import utils
from nbgrader.nbgraderformat import MetadataValidator, ValidationError
from nbgrader.nbgraderformat.common import BaseMetadataValidator
from nbgrader.preprocessors import CheckCellMetadata, NbGraderPreprocessor
from pydantic import ValidationError as PydanticValidationError

from ..quiz.models import QUESTION_ADAPTER, Question
from ..quiz.reasons import invalid_message, reason
from ..quiz.scoring import Result, grade
from ..quiz.student import show_result
from .answers import NOT_A_LITERAL, Answer, read_answer, read_answers_at

__all__ = ["StaticGrade", "FastCheckCellMetadata", "parse_test_cell", "cell_metadata_problem", "warm_up"]


def parse_test_cell(source: str) -> tuple[dict[str, Any], str] | None:
    """``(spec, variable)`` from a hidden test cell's ``grade_cell(<dict>, globals().get('qNN'))``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "grade_cell" and len(node.args) == 2:
            spec_node, var_node = node.args
            try:
                spec = ast.literal_eval(spec_node)
            except ValueError:
                return None
            if (
                isinstance(var_node, ast.Call)
                and var_node.args
                and isinstance(var_node.args[0], ast.Constant)
                and isinstance(var_node.args[0].value, str)
            ):
                return spec, var_node.args[0].value
    return None


@lru_cache(maxsize=512)
def _cached_test_cell(source: str) -> tuple[Question, float, str] | None:
    """``(question, points, variable)`` for a test cell, built once per source.

    nbgrader restores every test cell from the gradebook before grading, so
    each student's copy has the same source: a class is parsed once per
    question, not once per student.
    """
    parsed = parse_test_cell(source)
    if parsed is None:
        return None
    spec, variable = parsed
    try:
        question = QUESTION_ADAPTER.validate_python(spec)
    except PydanticValidationError:
        return None
    return question, float(spec.get("points", 1)), variable


def _output(*args: Any, **fields: Any) -> nbformat.NotebookNode:
    """An output as ``nbformat.v4.new_output`` builds it, without validating each one (the notebook is validated when written)."""
    return nbformat.NotebookNode(*args, **fields)


class StaticGrade(NbGraderPreprocessor):
    """Fill the outputs of quiz test cells by reading answers, not running code."""

    def preprocess(self, nb: nbformat.NotebookNode, resources: dict) -> tuple[nbformat.NotebookNode, dict]:
        tests: list[tuple[int, tuple[Question, float, str] | None]] = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            cell.outputs = []
            cell.execution_count = None
            if utils.is_grade(cell):
                tests.append((index, _cached_test_cell(cell.source)))
        stops: dict[str, int] = {}
        for index, parsed in tests:
            if parsed is not None:
                stops.setdefault(parsed[2], index)
        answers = read_answers_at(nb.cells, stops)  # one pass over the cells for every question
        for index, parsed in tests:
            cell = nb.cells[index]
            if parsed is None:
                cell.outputs = [_output(output_type="error", ename="NotAQuizCell", evalue="this test cell cannot be graded statically", traceback=[])]
                continue
            question, max_points, variable = parsed
            answer = answers[variable] if stops[variable] == index else read_answer(nb.cells, variable, before=index)
            result = self._result(question, max_points, variable, answer)
            if result.reason is not None and result.reason.answered and "invalid" in resources.get("nbgrader", {}):
                resources["nbgrader"]["invalid"].append((variable, result.reason.text))
            buffer = io.StringIO()
            with redirect_stdout(buffer):
                points = show_result(result)
            cell.execution_count = index + 1
            cell.outputs = [
                _output(output_type="stream", name="stdout", text=buffer.getvalue()),
                _output(output_type="execute_result", data=_output({"text/plain": repr(float(points))}), metadata=_output(), execution_count=index + 1),
            ]
        return nb, resources

    @staticmethod
    def _result(question: Question, max_points: float, variable: str, answer: Answer) -> Result:
        if answer.value is NOT_A_LITERAL:
            why = answer.reason or reason("set-by-code", variable=variable)
            return Result(0.0, max_points, False, invalid_message(why, question.type, variable=variable), reason=why)
        return grade(question, answer.value)


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


def warm_up(test_sources: list[str]) -> None:
    """Build, in this process, what grading a class needs (before workers are forked, so they share it).

    The test cells' questions, the compiled metadata check, nbformat's
    validator and, for body-region questions, the knowledge base.
    """
    questions = [parsed[0] for parsed in map(_cached_test_cell, test_sources) if parsed is not None]
    _validator()
    nbformat.validate(nbformat.v4.new_notebook())
    if any(q.type == "hotspot" for q in questions):
        from .. import knowledge

        knowledge.load()
