"""Golden feedback pages: what a student reads after ``nbgrader generate_feedback``, for a quiz from a private bank.

Three students (all right; wrong or partly right on every type; typed slips
and blanks), once with the answers revealed and once without. The pages are
compared byte for byte with ``tests/integrations/goldens/feedback/`` (rewrite
them with ``pytest --update-goldens``) and read for what must never be on
them: code other than the student's own answer line, the set-up cell, the
checks, hidden tests, and, without ``--reveal-answers``, the key.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from feedback_course import SCHOOL, answers_for, feedback_pages

pytestmark = pytest.mark.slow

GOLDENS = Path(__file__).parent / "goldens" / "feedback"
STUDENTS = ("ria", "sam", "tom")
BUILD = ["--topics", "school-clinic", "--count", "7", "--seed", "3", "--bank", str(SCHOOL)]


@pytest.fixture(scope="module", params=["reveal", "no-reveal"])
def pages(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, str], dict]:
    variant = request.param
    tmp = tmp_path_factory.mktemp(f"feedback-{variant}")
    build = [*BUILD, "--reveal-answers" if variant == "reveal" else "--no-reveal-answers"]
    def students(key: dict) -> dict[str, dict[str, str]]:
        return {
            "ria": answers_for(key, "right"),
            "sam": answers_for(key, "wrong"),
            "tom": answers_for(key, "slips", pick=lambda n: n % 2 == 1),  # the others left blank
        }

    written = {"ria": "The front of the neck is an endangerment site; consent can be withdrawn at any time."}
    course, key = feedback_pages(tmp, build=build, students=students, written=written)
    found = {s: (course / "feedback" / s / "clinic" / "clinic.html").read_text(encoding="utf-8") for s in STUDENTS}
    assert key["reveal_answers"] is (variant == "reveal")
    return variant, found, key


def test_pages_match_their_goldens(pages: tuple[str, dict[str, str], dict], update_goldens: bool) -> None:
    variant, found, _ = pages
    for student, page in found.items():
        golden = GOLDENS / f"{variant}-{student}.html"
        if update_goldens:
            golden.write_text(page, encoding="utf-8")
        assert page == golden.read_text(encoding="utf-8"), f"{golden.name} differs; run pytest --update-goldens and look at the page"


def _text(page: str) -> str:
    body = re.sub(r"<style.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_no_code_but_the_students_own_answer_line(pages: tuple[str, dict[str, str], dict]) -> None:
    _, found, _ = pages
    for student, page in found.items():
        codes = re.findall(r"<code>(.*?)</code>", page, flags=re.S)
        assert all(re.match(r"q\d\d = ", html.unescape(c)) for c in codes), (student, codes)
        text = _text(page)
        for word in ("grade_cell", "QUIZ_FORMATS", "check_format", "BEGIN", "import ", "nmt_course", "In [", "Out["):
            assert word not in text, (student, word)
    assert re.findall(r"<code>", found["ria"]) == []  # every answer could be read: nothing typed needs showing
    assert len(re.findall(r"<code>", found["tom"])) >= 3  # the slips are shown as typed, with why they could not be read


def test_one_card_per_question_with_the_points_once(pages: tuple[str, dict[str, str], dict]) -> None:
    _, found, key = pages
    for student, page in found.items():
        cards = re.findall(r'<section class="nmt-card.*?</section>', page, flags=re.S)
        assert len(cards) == len(key["questions"]) == 7
        for card in cards:
            assert len(re.findall(r"\d of \d+ points?", _text(card))) == 1, (student, _text(card))


def test_the_key_is_on_the_page_only_when_revealed(pages: tuple[str, dict[str, str], dict]) -> None:
    variant, found, key = pages
    explanations = [e["question"]["explanation"] for e in key["questions"].values() if e["question"]["type"] != "written"]
    sam = _text(found["sam"])
    shown = [x for x in explanations if html.unescape(x) in sam]
    if variant == "reveal":
        assert len(shown) == len(explanations) and "the right answer" in sam and "The right order:" in sam
    else:
        assert shown == [] and "the right answer" not in sam and "The right order" not in sam and "Accepted:" not in sam
        assert "your answer: not right" in sam  # whether each of the student's own choices was right is still said
