"""Item analysis of one quiz: classical test statistics, pure Python.

:func:`analyse_items` takes what each student earned on each question and,
when known, which options they picked, and returns an :class:`ItemStats` per
question and a :class:`QuizStats` for the quiz. No plotly, nbgrader or numpy:
1,000 students by 100 questions take well under a second.

Input
-----
- ``scores[student][question_id]``: the share of the question's points the
  student earned, from 0 to 1. A missing entry means "no score yet" (a written
  answer nobody has marked), not zero: that student is left out of that
  question's statistics and of KR-20.
- ``weights[question_id]``: the question's points (default 1), used only to
  add up each student's total, so a 4-point question counts four times.
- ``answers[student][question_id]``: the option letters the student picked
  (``("B",)``, ``("A", "C")``, or ``"B"``), or ``None`` when the answer could
  not be read. Used for single- and multiple-answer questions only; letters
  that are not options of the question are ignored.
- ``questions``: the bank questions (``id``, ``type``, ``options``, ``answer``).

Formulas
--------
For question *j*, S_j is the set of students with a score on it, n_j their
number and x_ij each one's fraction. A student's total is
T_i = sum over the questions i has a score on of w_j x_ij, rounded to 9
decimals so that equal scores tie exactly.

- **difficulty** p_j = (sum of x_ij) / n_j, the mean fraction: 0.9 means an
  easy question (90% of the points were earned), 0.2 a hard one.
- **discrimination** D_j = mean x_ij of the upper group - mean x_ij of the
  lower group. The students of S_j are listed by total, highest first, equal
  totals in student-id order (so of two tied students the one whose id sorts
  first is the higher); the upper group is the first g, the lower group the
  last g, with g = 27% of n_j rounded to the nearest whole number (halves up),
  at least 1. Needs n_j >= 2 (otherwise ``None``).
- **point_biserial** r_j: the Pearson correlation, over S_j, between x_ij and
  the rest score R_ij = T_i - w_j x_ij (the total without this question, so
  the question is not correlated with itself). For right/wrong questions this
  is the point-biserial correlation. ``None`` when n_j < 2 or either x or R is
  the same for everybody (zero variance).
- **distractors**: for single- and multiple-answer questions, how many
  students of S_j picked each option (every option listed, zeros included;
  a multiple-answer pick counts once per letter); ``no_answer`` counts the
  students of S_j with no readable answer.
- **KR-20** over the m students with a score on every question (k of them):
  c_ij = 1 when x_ij = 1 (full credit), else 0; p'_j = mean of c_ij,
  q'_j = 1 - p'_j; s^2 = variance of the number right (sum over j of c_ij),
  dividing by m; KR-20 = k / (k - 1) * (1 - sum of p'_j q'_j / s^2).
  ``None`` when k < 2, m < 2 or s^2 = 0 (everybody got the same number right).
- **mean**, **sd**: of the totals T_i of the students with at least one
  score (sd divides by n, not n - 1; ``None`` with no students).

Flags (the issue's list; comparisons allow 1e-9 for rounding):
difficulty below 0.3 (``too-hard``) or above 0.9 (``too-easy``),
discrimination below 0.2 (``low-discrimination``), a negative point-biserial
(``negative-point-biserial``), an option nobody chose
(``unchosen-option:<letter>``). A statistic that is ``None`` raises no flag.

Edge cases never raise: no students gives every question n = 0 and ``None``
statistics; one student gives a difficulty and nothing else; everybody
scoring the same gives D = 0 (flagged) and no point-biserial or KR-20. The
quiz-level ``flags`` say why KR-20 or the totals are missing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import ItemAnalysisError

if TYPE_CHECKING:  # the models need pydantic, which item analysis does not load
    from ..quiz.models import MultipleSelect, Question, SingleChoice

__all__ = ["Flag", "ItemStats", "QuizStats", "ItemAnalysisError", "analyse_items", "group_size", "GROUP_PERCENT", "THRESHOLDS"]

#: The flag thresholds from the issue.
THRESHOLDS = {"too-hard": 0.3, "too-easy": 0.9, "low-discrimination": 0.2}
"""The flag limits; messages, the chart and the report's guide are written from these numbers."""

GROUP_PERCENT = 27
"""The upper and lower groups for discrimination: this share of the students, each."""
_EPS = 1e-9

Letters = Sequence[str] | str | None


@dataclass(frozen=True)
class Flag:
    """Something an instructor should look at: a short code and a sentence."""

    code: str
    message: str


@dataclass(frozen=True)
class ItemStats:
    """The statistics of one question (see the module docstring for the formulas)."""

    question_id: str
    n: int
    difficulty: float | None
    discrimination: float | None
    point_biserial: float | None
    distractors: dict[str, int] = field(default_factory=dict)
    no_answer: int = 0
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class QuizStats:
    """The whole quiz: its questions in order, KR-20 and the spread of totals."""

    items: tuple[ItemStats, ...]
    kr20: float | None
    n_students: int
    mean: float | None
    sd: float | None
    flags: tuple[Flag, ...] = ()
    max_total: float = 0.0
    kr20_students: int = 0

    def item(self, question_id: str) -> ItemStats:
        for it in self.items:
            if it.question_id == question_id:
                return it
        raise KeyError(question_id)


def group_size(n: int) -> int:
    """27% of ``n``, rounded to the nearest whole number (halves up), at least 1 (0 for 0)."""
    return 0 if n <= 0 else max(1, (GROUP_PERCENT * n + 50) // 100)


def _mean(values: Sequence[float]) -> float:
    return math.fsum(values) / len(values)


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    if len(xs) < 2 or min(xs) == max(xs) or min(ys) == max(ys):
        return None
    mx, my = _mean(xs), _mean(ys)
    dx = [x - mx for x in xs]
    dy = [y - my for y in ys]
    sxy = math.fsum(a * b for a, b in zip(dx, dy))
    sxx = math.fsum(a * a for a in dx)
    syy = math.fsum(b * b for b in dy)
    return max(-1.0, min(1.0, sxy / math.sqrt(sxx * syy)))


def _fraction(student: str, qid: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not -_EPS <= value <= 1 + _EPS:
        raise ItemAnalysisError(f"the score of {student!r} on {qid!r} is {value!r}; scores are fractions of the question's points, from 0 to 1")
    return min(1.0, max(0.0, float(value)))


def _questions_by_id(questions: Mapping[str, Question] | Iterable[Question] | None) -> dict[str, Question]:
    if questions is None:
        return {}
    if isinstance(questions, Mapping):
        return dict(questions)
    listed: Iterable[Question] = questions
    return {q.id: q for q in listed}


def _distractors(q: SingleChoice | MultipleSelect, members: list[str], answers: Mapping[str, Mapping[str, Letters]]) -> tuple[dict[str, int], int]:
    counts = {o.id: 0 for o in q.options}
    missing = 0
    for student in members:
        picked = answers.get(student, {}).get(q.id)
        if isinstance(picked, str):
            picked = (picked,)
        if not picked:
            missing += 1
            continue
        for letter in set(picked):
            if letter in counts:
                counts[letter] += 1
    return counts, missing


def _key(q: Question) -> set[str]:
    answer = getattr(q, "answer", ())
    return {answer} if isinstance(answer, str) else set(answer)


def _item_flags(p: float | None, d: float | None, r: float | None, counts: dict[str, int], key: set[str], answered: bool) -> tuple[Flag, ...]:
    flags = []
    if p is not None and p < THRESHOLDS["too-hard"] - _EPS:
        flags.append(Flag("too-hard", f"Very hard: difficulty {p:.2f} is below {THRESHOLDS['too-hard']:g} (only {p:.0%} of the points were earned). Check the key, the wording, and whether the topic was taught."))
    if p is not None and p > THRESHOLDS["too-easy"] + _EPS:
        flags.append(Flag("too-easy", f"Very easy: difficulty {p:.2f} is above {THRESHOLDS['too-easy']:g} ({p:.0%} of the points were earned), so it tells strong and weak students apart only a little."))
    if d is not None and d < THRESHOLDS["low-discrimination"] - _EPS:
        how = "worse on it than" if d < -_EPS else "little or no better on it than"
        flags.append(Flag("low-discrimination", f"Weak discrimination ({d:.2f}, below {THRESHOLDS['low-discrimination']:g}): "
                                                  f"the top {GROUP_PERCENT}% of students did {how} the bottom {GROUP_PERCENT}%."))
    if r is not None and r < -_EPS:
        flags.append(Flag("negative-point-biserial", f"Negative point-biserial ({r:.2f}): students who did well on the rest of the quiz tended to do worse here. Check the key and look for a misleading word."))
    if answered:
        for letter, count in counts.items():
            if count == 0:
                role = "a right answer" if letter in key else "a distractor"
                flags.append(Flag(f"unchosen-option:{letter}", f"Option {letter} ({role}) was chosen by nobody."))
    return tuple(flags)


def analyse_items(
    scores: Mapping[str, Mapping[str, float]],
    *,
    answers: Mapping[str, Mapping[str, Letters]] | None = None,
    questions: Mapping[str, Any] | Iterable[Any] | None = None,
    weights: Mapping[str, float] | None = None,
    item_ids: Sequence[str] | None = None,
) -> QuizStats:
    """Item statistics for every question and KR-20 for the quiz (formulas in the module docstring)."""
    by_id = _questions_by_id(questions)
    if item_ids is None:
        item_ids = list(dict.fromkeys(qid for row in scores.values() for qid in row))
    ids = list(dict.fromkeys(item_ids))
    weight = {qid: float((weights or {}).get(qid, 1.0)) for qid in ids}
    for qid, w in weight.items():
        if not (math.isfinite(w) and w > 0):
            raise ItemAnalysisError(f"the weight of {qid!r} is {w!r}; weights are the question's points, above 0")

    # one pass over the matrix: clean fractions and totals
    rows: dict[str, dict[str, float]] = {}
    for student, row in scores.items():
        clean = {qid: _fraction(student, qid, row[qid]) for qid in ids if qid in row}
        if clean:
            rows[str(student)] = clean
    totals = {s: round(math.fsum(weight[q] * x for q, x in row.items()), 9) for s, row in rows.items()}
    order = sorted(rows, key=lambda s: (-totals[s], s))  # highest total first, ties by student id

    items = []
    for qid in ids:
        members = [s for s in order if qid in rows[s]]
        xs = [rows[s][qid] for s in members]
        n = len(xs)
        p = _mean(xs) if n else None
        d = r = None
        if n >= 2:
            g = group_size(n)
            d = _mean(xs[:g]) - _mean(xs[-g:])
            rest = [round(totals[s] - weight[qid] * x, 9) for s, x in zip(members, xs)]
            r = _pearson(xs, rest)
        q = by_id.get(qid)
        counts: dict[str, int] = {}
        missing = 0
        answered = False
        if answers is not None and q is not None and q.type in ("single", "multiple"):
            counts, missing = _distractors(q, members, answers)
            answered = True
        key = _key(q) if answered and q is not None else set()
        flags = _item_flags(p, d, r, counts, key, answered and n > 0)
        items.append(ItemStats(qid, n, p, d, r, counts, missing, flags))

    kr20, complete, why = _kr20(rows, ids)
    quiz_flags = []
    if not rows:
        quiz_flags.append(Flag("no-students", "No student has a score on this quiz yet."))
    if why:
        quiz_flags.append(Flag("kr20-undefined", f"KR-20 cannot be computed: {why}."))
    values = list(totals.values())
    mean = _mean(values) if values else None
    return QuizStats(
        items=tuple(items),
        kr20=kr20,
        n_students=len(rows),
        mean=mean,
        sd=None if mean is None else math.sqrt(math.fsum((t - mean) ** 2 for t in values) / len(values)),
        flags=tuple(quiz_flags),
        max_total=math.fsum(weight.values()),
        kr20_students=complete,
    )


def _kr20(rows: Mapping[str, Mapping[str, float]], ids: Sequence[str]) -> tuple[float | None, int, str]:
    """KR-20 over the students with a score on every question; (value, students used, why not)."""
    k = len(ids)
    complete = [row for row in rows.values() if len(row) == k]
    m = len(complete)
    if k < 2:
        return None, m, "it needs at least two questions"
    if m < 2:
        return None, m, "it needs at least two students with a score on every question"
    right = [[1 if row[q] >= 1 - _EPS else 0 for q in ids] for row in complete]
    number_right = [sum(r) for r in right]
    mean = sum(number_right) / m
    variance = math.fsum((t - mean) ** 2 for t in number_right) / m
    if variance == 0:
        return None, m, "every student got the same number of questions fully right"
    pq = math.fsum((p := sum(r[j] for r in right) / m) * (1 - p) for j in range(k))
    return k / (k - 1) * (1 - pq / variance), m, ""
