"""No traceback for a typed mistake: the advice (pure) and the guard in a real kernel."""

from __future__ import annotations

import nbformat
import pytest

from nmt_course import quiz
from nmt_course.quiz.build import render_quiz
from nmt_course.quiz.typed_mistakes import answer_advice


@pytest.mark.parametrize(
    ("typed", "kind", "line"),
    [
        ("b", "single", 'Put the letter in quotes: q03 = "b"'),  # the classic: no quotes
        ('"b', "single", 'Close the quotes: q03 = "b"'),  # a missing closing quote
        ("'B", "single", "Close the quotes: q03 = 'B'"),  # single quotes work too
        ("[A, C]", "multiple", 'Put each letter in quotes: q03 = ["A", "C"]'),  # a list of bare letters
        ('["A", "C"', "multiple", 'Close the brackets: q03 = ["A", "C"]'),  # a missing bracket
        ("[A, C", "ordering", 'Put each letter in quotes: q03 = ["A", "C"]'),  # both at once
        ("{A: 2, B: 1}", "matching", 'Put each letter in quotes: q03 = {"A": 2, "B": 1}'),  # numbers may stay bare
        ("temple", "hotspot", 'Put the region in quotes: q03 = "temple"'),
        ("back of the knee", "hotspot", 'Put the region in quotes: q03 = "back of the knee"'),  # words with spaces
        ("90 s", "numeric", "Write just the number: q03 = 90"),  # a unit without quotes
        ("upper trapezius  # I think", "single", 'Put your answer in quotes: q03 = "upper trapezius"'),  # comment dropped
        ("", "single", 'Write your answer after the = sign: q03 = "B"'),  # nothing after =
        ("x" * 500, "single", "This answer can't be read. Write your answer like this: q03 = \"B\""),  # too long to echo back
        ("1/0", "single", "This answer can't be read. Write your answer like this: q03 = \"B\""),  # no repair: the example
        (")", None, "This answer can't be read. Write your answer like this: q03 = \"B\""),  # a stray bracket, type unknown
    ],
)
def test_the_advice_says_what_to_type_instead(typed: str, kind: str | None, line: str) -> None:
    advice = answer_advice("q03", typed, kind=kind)
    assert advice.line == line
    assert advice.summary.lower().startswith("not a valid answer: ")


def _run(cells: list[str], *, allow_errors: bool = False) -> list[nbformat.NotebookNode]:
    """Run cells in a real IPython kernel, as Run All does (stopping at the first error unless allowed)."""
    import nbclient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbclient.NotebookClient(nb, timeout=120, allow_errors=allow_errors, kernel_name="python3").execute()
    return nb.cells


def _text(cell: nbformat.NotebookNode) -> str:
    parts = []
    for out in cell.outputs:
        assert out.output_type != "error", out  # no traceback, ever
        parts.append(out.get("text", "") if out.output_type == "stream" else str(out.get("data", {}).get("text/plain", "")))
    return "".join(parts)


@pytest.fixture(scope="module")
def setup_cell() -> str:
    bank = quiz.load_bank()
    picked = [bank["an-upper-trap-nerve"], bank["an-multi-cn-xi"], bank["an-hot-ql-lower-attachment"]]
    nb = render_quiz(picked, name="friendly", title="Friendly", seed=1)
    return next(c.source for c in nb.cells if c.get("id") == "friendly-setup")


@pytest.mark.slow
def test_typed_mistakes_print_one_line_and_run_all_goes_on(setup_cell: str) -> None:
    cells = _run([setup_cell, "q01 = b", 'q02 = ["A", "C"', "q03 = back of the knee", "check_format()"])  # raises on any error
    assert [_text(c) for c in cells[:1]] == [""]  # the set-up cell shows nothing
    assert _text(cells[1]) == '⚠️ Put the letter in quotes: q01 = "b"\n'
    assert _text(cells[2]) == '⚠️ Close the brackets: q02 = ["A", "C"]\n'
    assert _text(cells[3]) == '⚠️ Put the region in quotes: q03 = "back of the knee"\n'
    report = _text(cells[4])
    assert '✖ q01: not a valid answer: put the letter in quotes, like this: q01 = "b"' in report
    assert "has not been run" not in report and "3 answers to fix" in report
    assert all("Traceback" not in _text(c) for c in cells)


@pytest.mark.slow
def test_a_fixed_answer_is_read_again_and_other_cells_are_untouched(setup_cell: str) -> None:
    cells = _run([setup_cell, "q01 = b", 'q01 = "b"', "x = 2\nx * 21", "undefined_name", "check_format()"], allow_errors=True)
    assert _text(cells[2]) == ""
    assert _text(cells[3]) == "42"  # a cell's last value is still its result
    plain = cells[4].outputs
    assert plain and plain[0].output_type == "error" and plain[0].ename == "NameError"  # not an answer cell: as before
    assert "✔ q01: well formed." in _text(cells[5])


@pytest.mark.slow
def test_a_broken_answer_leaves_no_old_value_behind(setup_cell: str) -> None:
    """As in a fresh kernel (what the graders see), a cell that failed sets nothing, even if an older run did."""
    cells = _run([setup_cell, 'q01 = "B"', "q01 = b", "print('q01' in globals())", setup_cell, "check_format()"])
    assert _text(cells[3]) == "False\n"
    assert "✖ q01: not a valid answer" in _text(cells[5])  # running the set-up cell again forgets nothing


@pytest.mark.slow
def test_your_turn_cells_get_one_line_too() -> None:
    cells = _run([
        "from nmt_course.quiz.friendly import install\nfrom nmt_course import session\ninstall(your_turn=True)",
        "# Your turn: change the step\nprint(session.step(\"MTE\").description)",
        "# Your turn\nplan = [intake, \"consent\"]",
        '# Your turn\nplan = ["intake", "consent]',
        "# Your turn\nlen([1, 2, 3])",
    ])
    assert _text(cells[1]).startswith("⚠️ I don't know a session step called 'MTE'. Did you mean")
    assert _text(cells[2]).startswith('⚠️ Put intake in quotes: "intake".')
    assert _text(cells[3]).startswith("⚠️ Python could not read line 2") and "a quote is not closed" in _text(cells[3])
    assert _text(cells[4]) == "3"
