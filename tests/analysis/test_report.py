"""The HTML report and the CSV, written and read back; the charts as data."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nmt_course.analysis import analyse_items, write_report
from nmt_course.analysis.charts import difficulty_discrimination_figure, distractor_figure
from nmt_course.analysis.report import kr20_reading
from nmt_course.figures import describe

from .test_item_analysis import ANSWERS_D, MULTI, ORDER, SCORES_D, SINGLE

# the distractor matrix plus an ordering question everybody got right (flagged too easy)
SCORES = {s: {**row, "order": 1.0} for s, row in SCORES_D.items()}
QUESTIONS = [SINGLE, MULTI, ORDER]


class _Page(HTMLParser):
    """Element ids, the text of each description paragraph, and script tags."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.descriptions: dict[str, str] = {}
        self.script_sources: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "p" and "description" in (a.get("class") or ""):
            self._in = a.get("id") or f"p{len(self.descriptions)}"
            self.descriptions[self._in] = ""
        if tag == "script" and a.get("src"):
            self.script_sources.append(a["src"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self.descriptions[self._in] += data


@pytest.fixture
def written(tmp_path: Path) -> tuple[Path, Path]:
    stats = analyse_items(SCORES, answers=ANSWERS_D, questions=QUESTIONS)
    return write_report(stats, questions=QUESTIONS, out_dir=tmp_path / "out", title="Quiz <1> report", notes=["A note."])


def test_csv_has_one_row_per_question(written: tuple[Path, Path]) -> None:
    with written[1].open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["question_id"] for r in rows] == ["one", "many", "order"]
    one, many, order = rows
    assert one == {
        "question_id": "one", "type": "single", "n": "5", "difficulty": "0.4000", "discrimination": "1.0000",
        "point_biserial": one["point_biserial"], "flags": "unchosen-option:D", "no_answer": "1",
        "option_A": "1", "option_B": "2", "option_C": "1", "option_D": "0",
    }
    assert float(one["point_biserial"]) > 0
    assert many["flags"] == "unchosen-option:D" and many["option_A"] == "3"
    assert order["flags"] == "too-easy;low-discrimination"  # everyone right: D = 0
    assert order["point_biserial"] == ""  # undefined: written empty
    assert order["option_A"] == "" and order["no_answer"] == ""  # no options counted for ordering


def test_html_is_self_contained_with_described_charts(written: tuple[Path, Path]) -> None:
    html = written[0].read_text()
    page = _Page()
    page.feed(html)
    assert html.startswith("<!DOCTYPE html>") and "<title>Quiz &lt;1&gt; report</title>" in html  # escaped
    assert page.script_sources == []  # plotly.js is inline: works offline
    assert html.count("* plotly.js v") == 1  # the library embedded once, in the first chart
    assert html.count('class="plotly-graph-div"') == 3  # the scatter and two option charts
    for div in ("difficulty-discrimination", "options-one", "options-many"):
        assert div in page.ids and f"{div}-description" in page.ids
        assert f'aria-describedby="{div}-description"' in html
    assert "Dashed lines mark the limits" in page.descriptions["difficulty-discrimination-description"]
    assert "option B (a right answer): 2 of 5" in page.descriptions["options-one-description"]
    assert "option D: nobody" in page.descriptions["options-one-description"]
    assert "1 student gave no answer the quiz could read" in page.descriptions["options-one-description"]
    assert "items" in page.ids  # the table of questions
    assert "Option D (a distractor) was chosen by nobody." in html  # flags in words
    assert "Very easy: difficulty 1.00 is above 0.9" in html
    assert "KR-20 (reliability)" in html and "A note." in html


def test_scatter_marks_flags_by_shape_and_label() -> None:
    stats = analyse_items(SCORES, answers=ANSWERS_D, questions=QUESTIONS)
    fig = difficulty_discrimination_figure(stats).to_dict()
    clear, flagged = fig["data"]
    assert clear["marker"]["symbol"] == "circle" and "text" not in clear
    assert flagged["marker"]["symbol"] == "x" and list(flagged["text"]) == ["Q1", "Q2", "Q3"]
    assert flagged["mode"] == "markers+text"
    assert "drawn as crosses labelled with their numbers: Q1, Q2, Q3" in fig["layout"]["meta"]["description"]
    dashed = [s for s in fig["layout"]["shapes"] if s["line"]["dash"] == "dash"]
    assert len(dashed) == 3  # difficulty 0.3 and 0.9, discrimination 0.2


def test_option_chart_marks_the_key_by_pattern_and_words() -> None:
    stats = analyse_items(SCORES, answers=ANSWERS_D, questions=QUESTIONS)
    fig = distractor_figure("Q2", stats.item("many"), MULTI)
    bar = fig.to_dict()["data"][0]
    assert list(bar["x"]) == [3, 1, 1, 0]
    assert list(bar["marker"]["pattern"]["shape"]) == ["/", "", "/", ""]  # A and C are right
    assert next(iter(bar["text"])) == "3 (right answer)" and bar["y"][0].endswith("(right)")
    assert describe(fig).startswith("Q2 (many), how many students chose each option")


def test_a_quiz_with_nobody_still_writes_a_report(tmp_path: Path) -> None:
    stats = analyse_items({}, answers={}, item_ids=["one"], questions=[SINGLE])
    html_path, csv_path = write_report(stats, questions=[SINGLE], out_dir=tmp_path, title="Empty")
    html = html_path.read_text()
    assert "No student has a score on this quiz yet." in html and "could not be computed" in html
    assert "n/a" in html
    with csv_path.open(newline="") as f:
        assert next(iter(csv.DictReader(f)))["difficulty"] == ""


@pytest.mark.parametrize(
    ("kr20", "start"),
    [
        (None, "It could not be computed"),  # undefined
        (-0.3, "Below zero"),  # questions disagree
        (0.36, "Low"),  # the hand-worked 4/11
        (0.6, "Moderate"),  # typical short classroom quiz
        (0.75, "Acceptable"),  # 0.7 to 0.8
        (0.85, "High"),  # 0.8 and above
    ],
)
def test_kr20_reading(kr20: float | None, start: str) -> None:
    assert kr20_reading(kr20).startswith(start)
