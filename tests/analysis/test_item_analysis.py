"""analyse_items: hand-worked matrices, every flag, edge cases, bad input."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest

from conftest import ROOT
from nmt_course.analysis import ItemAnalysisError, analyse_items, group_size
from nmt_course.quiz import QUESTION_ADAPTER

COMMON = {"explanation": "Why.", "topics": ["trigger-points"], "mblex_area": "anatomy-physiology", "difficulty": "easy", "sources": ["ts1983"]}


def _opts(n: int) -> list[dict]:
    return [{"id": chr(65 + i), "text": f"option {i}", "feedback": "-"} for i in range(n)]


SINGLE = QUESTION_ADAPTER.validate_python({**COMMON, "id": "one", "type": "single", "stem": "?", "options": _opts(4), "answer": "B"})
MULTI = QUESTION_ADAPTER.validate_python({**COMMON, "id": "many", "type": "multiple", "stem": "?", "options": _opts(4), "answer": ["A", "C"]})
ORDER = QUESTION_ADAPTER.validate_python({**COMMON, "id": "order", "type": "ordering", "stem": "?", "options": _opts(3), "answer": ["A", "B", "C"]})


def _matrix(rows: dict[str, list[float]], items: str) -> dict[str, dict[str, float]]:
    return {s: dict(zip(items, row, strict=True)) for s, row in rows.items()}


# Matrix 1: six students, three right/wrong questions.
#
#         a  b  c   total
#   s1    1  1  1   3
#   s2    1  1  0   2
#   s3    1  0  1   2
#   s4    0  1  0   1
#   s5    1  0  0   1
#   s6    0  0  0   0
#
# difficulty: a 4/6, b 3/6, c 2/6.
# groups: 27% of 6 = 1.62 -> 2 students. Order by total, ties by id: s1 s2 s3 s4 s5 s6.
#   upper = s1, s2; lower = s5, s6.
# discrimination: a (1+1)/2 - (1+0)/2 = 0.5; b 1 - 0 = 1; c (1+0)/2 - 0 = 0.5.
# point-biserial of a: x = 1 1 1 0 1 0, rest R = total - x = 2 1 1 1 0 0;
#   means 2/3 and 5/6; Sxy = (7+1+1-2-5+10)/18 = 2/3; Sxx = 4/3; Syy = (49+1+1+1+25+25)/36 = 17/6;
#   r = (2/3) / sqrt(4/3 * 17/6) = 2/sqrt(34) = 0.3430.
# b: x = 1 1 0 1 0 0, R = 2 1 2 0 1 0: deviations 0.5 .5 -.5 .5 -.5 -.5 and 1 0 1 -1 0 -1 -> Sxy = 0, r = 0
#   (b splits the top and bottom groups perfectly, yet says nothing about the rest of the quiz).
# c: x = 1 0 1 0 0 0, R = 2 2 1 1 1 0: the mirror of a, r = 2/sqrt(34).
# KR-20: p = 2/3, 1/2, 1/3; sum pq = 2/9 + 1/4 + 2/9 = 25/36; totals 3 2 2 1 1 0, mean 1.5,
#   variance (2.25 + .25*4 + 2.25)/6 = 11/12; KR-20 = 3/2 * (1 - (25/36)/(11/12)) = 3/2 * 8/33 = 4/11.
# mean 1.5, sd sqrt(11/12) = 0.9574.
M1 = _matrix({"s1": [1, 1, 1], "s2": [1, 1, 0], "s3": [1, 0, 1], "s4": [0, 1, 0], "s5": [1, 0, 0], "s6": [0, 0, 0]}, "abc")


@pytest.mark.parametrize(
    ("item", "difficulty", "discrimination", "point_biserial"),
    [
        ("a", 4 / 6, 0.5, 2 / math.sqrt(34)),  # easy-ish, moderate
        ("b", 0.5, 1.0, 0.0),  # perfect split of the groups, zero item-rest correlation
        ("c", 2 / 6, 0.5, 2 / math.sqrt(34)),  # mirror image of a
    ],
)
def test_matrix_1_items(item: str, difficulty: float, discrimination: float, point_biserial: float) -> None:
    it = analyse_items(M1).item(item)
    assert it.n == 6
    assert it.difficulty == pytest.approx(difficulty)
    assert it.discrimination == pytest.approx(discrimination)
    assert it.point_biserial == pytest.approx(point_biserial, abs=1e-12)
    assert it.flags == ()  # 0.333 is not below 0.3; an r of exactly 0 is not negative


def test_matrix_1_quiz() -> None:
    stats = analyse_items(M1)
    assert stats.kr20 == pytest.approx(4 / 11)
    assert (stats.n_students, stats.kr20_students, stats.max_total) == (6, 6, 3)
    assert stats.mean == pytest.approx(1.5)
    assert stats.sd == pytest.approx(math.sqrt(11 / 12))
    assert [it.question_id for it in stats.items] == ["a", "b", "c"]
    assert stats.flags == ()


# Matrix 2: partial credit, question b worth 2 points (weight 2).
#
#         a     b      total = a + 2b
#   s1    1     0.5    2
#   s2    0.5   1      2.5
#   s3    0     0.25   0.5
#   s4    0.5   0      0.5
#
# difficulty: a 2/4 = 0.5; b 1.75/4 = 0.4375.
# groups: 27% of 4 = 1.08 -> 1. Order s2 s1 s3 s4 (s3 and s4 tie; s3 sorts first, so s4 is lowest).
# discrimination: a 0.5 - 0.5 = 0 (flagged); b 1 - 0 = 1.
# point-biserial a: x = 1 .5 0 .5, R = 1 2 .5 0; Sxy = .25, Sxx = .5, Syy = 2.1875; r = .25/sqrt(1.09375) = 0.23905.
#                b: x = .5 1 .25 0, R = total - 2x = 1 .5 0 .5; Sxy = .125, Sxx = .546875, Syy = .5; r = 0.23905.
# KR-20 (full credit only): a 1 0 0 0, b 0 1 0 0; number right 1 1 0 0, variance .25; sum pq = 2 * .1875;
#   KR-20 = 2/1 * (1 - .375/.25) = -1 (the two questions disagree completely).
# totals mean 5.5/4 = 1.375; sd sqrt(3.1875/4) = 0.89268; out of 3 points.
M2 = _matrix({"s1": [1, 0.5], "s2": [0.5, 1], "s3": [0, 0.25], "s4": [0.5, 0]}, "ab")


def test_matrix_2_partial_credit_and_weights() -> None:
    stats = analyse_items(M2, weights={"a": 1, "b": 2})
    a, b = stats.items
    assert (a.difficulty, a.discrimination) == (0.5, 0.0)
    assert (b.difficulty, b.discrimination) == (0.4375, 1.0)
    assert a.point_biserial == pytest.approx(0.25 / math.sqrt(1.09375))
    assert b.point_biserial == pytest.approx(0.125 / math.sqrt(0.546875 * 0.5))
    assert [f.code for f in a.flags] == ["low-discrimination"]
    assert b.flags == ()
    assert stats.kr20 == pytest.approx(-1.0)
    assert (stats.mean, stats.max_total) == (1.375, 3.0)
    assert stats.sd == pytest.approx(math.sqrt(3.1875 / 4))


# Flag matrix: ten students whose three anchor questions give rest scores 3 3 3 2 2 2 1 1 0 0;
# the column below is question x. 27% of 10 = 2.7 -> groups of 3.
REST = [3, 3, 3, 2, 2, 2, 1, 1, 0, 0]


def _with_x(column: list[float]) -> dict[str, dict[str, float]]:
    return {f"s{i}": {"k1": float(REST[i] >= 1), "k2": float(REST[i] >= 2), "k3": float(REST[i] >= 3), "x": column[i]} for i in range(10)}


@pytest.mark.parametrize(
    ("column", "flags"),
    [
        ([1] * 10, ["too-easy", "low-discrimination"]),  # everyone right: p = 1, D = 0, r undefined (no flag)
        ([1] * 9 + [0.5], ["too-easy", "low-discrimination"]),  # p = 0.95; D = 1 - (1+1+.5)/3 = 0.17
        ([1] * 9 + [0], []),  # p = 0.9 exactly is not above 0.9; D = 1 - 2/3 = 0.33
        ([1, 1, 0, 0, 0, 0, 0, 0, 0, 0], ["too-hard"]),  # p = 0.2; D = 2/3
        ([1, 1, 1, 0, 0, 0, 0, 0, 0, 0], []),  # p = 0.3 exactly is not below 0.3; D = 1
        ([0, 0, 0, 0, 0, 0, 1, 1, 1, 1], ["low-discrimination", "negative-point-biserial"]),  # the weak get it right: D = -1
        ([0.6, 0.6, 0.6, 0.5, 0.5, 0.5, 0.5, 0.4, 0.4, 0.4], []),  # D = 0.6 - 0.4, 0.19999999999999990 in floats: not below 0.2
    ],
)
def test_each_flag_from_a_designed_column(column: list[float], flags: list[str]) -> None:
    assert [f.code for f in analyse_items(_with_x(column)).item("x").flags] == flags


def test_negative_point_biserial_value() -> None:
    it = analyse_items(_with_x([0, 0, 0, 0, 0, 0, 1, 1, 1, 1])).item("x")
    assert it.point_biserial is not None and it.point_biserial < -0.8
    assert "worse on it than" in next(f.message for f in it.flags if f.code == "low-discrimination")


# Distractors: five students on a single-answer question (key B) and a multiple-answer one (key A, C).
SCORES_D = _matrix({"s1": [1, 1], "s2": [1, 0.5], "s3": [0, 0], "s4": [0, 0], "s5": [0, 0]}, ["one", "many"])
ANSWERS_D = {
    "s1": {"one": ("B",), "many": ("A", "C")},
    "s2": {"one": "B", "many": ("A",)},  # a bare string is one letter
    "s3": {"one": ("A",), "many": ("A", "B")},
    "s4": {"one": None, "many": ("Z",)},  # unreadable; an unknown letter is ignored
    "s5": {"one": ("C",)},  # no entry for "many": no readable answer
    "nobody-scored": {"one": ("D",)},  # answers without a score are not counted
}


def test_distractor_counts_and_unchosen_options() -> None:
    stats = analyse_items(SCORES_D, answers=ANSWERS_D, questions=[SINGLE, MULTI])
    one, many = stats.items
    assert one.distractors == {"A": 1, "B": 2, "C": 1, "D": 0}
    assert one.no_answer == 1
    assert [f.code for f in one.flags if f.code.startswith("unchosen")] == ["unchosen-option:D"]
    assert "a distractor" in one.flags[-1].message
    assert many.distractors == {"A": 3, "B": 1, "C": 1, "D": 0}
    assert many.no_answer == 1
    assert [f.code for f in many.flags if f.code.startswith("unchosen")] == ["unchosen-option:D"]


def test_a_right_answer_nobody_chose_is_named_as_such() -> None:
    stats = analyse_items({"s1": {"many": 0.0}, "s2": {"many": 0.0}}, answers={"s1": {"many": ("B",)}, "s2": {"many": ("D",)}}, questions=[MULTI])
    messages = {f.code: f.message for f in stats.items[0].flags}
    assert "a right answer" in messages["unchosen-option:A"] and "a distractor" not in messages["unchosen-option:A"]


@pytest.mark.parametrize(
    ("answers", "questions"),
    [
        (None, [SINGLE]),  # no answers given: nothing to count, no option flag
        ({"s1": {"order": ("A",)}}, [ORDER]),  # ordering questions have no distractors
        ({"s1": {"one": ("A",)}}, None),  # answers but no questions: options unknown
    ],
)
def test_no_distractors_without_answers_or_options(answers: dict | None, questions: list | None) -> None:
    qid = questions[0].id if questions else "one"
    it = analyse_items({"s1": {qid: 1.0}, "s2": {qid: 0.0}}, answers=answers, questions=questions).items[0]
    assert it.distractors == {} and not any(f.code.startswith("unchosen") for f in it.flags)


def test_ties_are_broken_by_student_id_whatever_the_input_order() -> None:
    # everyone totals 1; by id a, b, c, d -> upper = a, lower = d (27% of 4 -> 1)
    rows = {"d": {"x": 0, "y": 1}, "b": {"x": 0, "y": 1}, "c": {"x": 1, "y": 0}, "a": {"x": 1, "y": 0}}
    stats = analyse_items(rows)
    assert stats.item("x").discrimination == 1.0
    assert stats.item("y").discrimination == -1.0
    assert analyse_items(dict(reversed(list(rows.items())))) == stats


@pytest.mark.parametrize(
    ("n", "g"),
    [
        (0, 0),  # nobody
        (1, 1),  # at least one
        (4, 1),  # 1.08
        (5, 1),  # 1.35
        (6, 2),  # 1.62
        (10, 3),  # 2.7
        (50, 14),  # 13.5: halves round up
        (100, 27),  # exact
        (1000, 270),  # exact
    ],
)
def test_group_size(n: int, g: int) -> None:
    assert group_size(n) == g


def test_no_students() -> None:
    stats = analyse_items({}, item_ids=["a", "b"])
    assert [(it.n, it.difficulty, it.discrimination, it.point_biserial, it.flags) for it in stats.items] == [(0, None, None, None, ())] * 2
    assert (stats.n_students, stats.mean, stats.sd, stats.kr20) == (0, None, None, None)
    assert [f.code for f in stats.flags] == ["no-students", "kr20-undefined"]


def test_nothing_at_all() -> None:
    stats = analyse_items({})
    assert stats.items == () and stats.kr20 is None


def test_one_student() -> None:
    stats = analyse_items({"solo": {"a": 1.0, "b": 0.5}}, answers={"solo": {"a": ("B",)}}, questions=[])
    a, b = stats.items
    assert (a.n, a.difficulty, a.discrimination, a.point_biserial) == (1, 1.0, None, None)
    assert [f.code for f in a.flags] == ["too-easy"]
    assert b.difficulty == 0.5 and b.flags == ()
    assert (stats.mean, stats.sd, stats.kr20) == (1.5, 0.0, None)
    assert "two students" in stats.flags[0].message


def test_everyone_the_same() -> None:
    stats = analyse_items({s: {"a": 0.5, "b": 0.5} for s in "pqrs"})
    for it in stats.items:
        assert (it.difficulty, it.discrimination, it.point_biserial) == (0.5, 0.0, None)
        assert [f.code for f in it.flags] == ["low-discrimination"]
    assert stats.kr20 is None and stats.sd == 0.0
    assert "same number" in stats.flags[0].message


def test_missing_scores_leave_students_out_not_in_as_zero() -> None:
    rows = {s: dict(r) for s, r in M1.items()}
    del rows["s4"]["c"]  # s4's answer to c is not marked yet
    stats = analyse_items(rows)
    assert stats.item("c").n == 5 and stats.item("c").difficulty == pytest.approx(2 / 5)
    assert stats.n_students == 6 and stats.kr20_students == 5
    complete = analyse_items({s: r for s, r in rows.items() if s != "s4"})
    assert stats.kr20 == pytest.approx(complete.kr20)  # KR-20 uses the complete rows only


def test_item_order_and_unknown_scores() -> None:
    stats = analyse_items(M1, item_ids=["c", "a"])  # b is not part of this analysis
    assert [it.question_id for it in stats.items] == ["c", "a"]
    assert stats.max_total == 2


@pytest.mark.parametrize(
    "value",
    [
        1.5,  # more than full points
        -0.1,  # below zero
        float("nan"),  # not a number
        "1",  # a string
        True,  # a bool is not a score
        None,  # missing is spelled by leaving the entry out
    ],
)
def test_bad_scores_are_refused_with_a_clear_message(value: object) -> None:
    with pytest.raises(ItemAnalysisError, match="'s1' on 'a'"):
        analyse_items({"s1": {"a": value}})  # type: ignore[dict-item]


def test_rounding_noise_at_the_ends_is_tolerated() -> None:
    it = analyse_items({"s1": {"a": 1 + 1e-12}, "s2": {"a": -1e-12}}).items[0]
    assert it.difficulty == 0.5


def test_bad_weight() -> None:
    with pytest.raises(ItemAnalysisError, match="weight"):
        analyse_items(M1, weights={"a": 0})


def test_item_analysis_imports_no_front_end() -> None:
    code = "import sys; from nmt_course.analysis import analyse_items; print(','.join(sorted(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    heavy = {"plotly", "nbgrader", "nbformat", "ipywidgets", "IPython", "pydantic", "numpy"}
    assert not {m.split(".")[0] for m in loaded.strip().split(",")} & heavy
