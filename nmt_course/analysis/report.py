"""Writing the item-analysis report: one self-contained HTML page and one CSV.

:func:`write_report` writes ``<stem>.html`` and ``<stem>.csv`` into
``out_dir``. The page works offline (plotly.js is embedded once, in the
first chart) and has: a summary (students, mean total, KR-20 with a reading
in plain English), a guide to the numbers, the difficulty-discrimination
chart, a table of questions with their flags in words, and the options each
single- and multiple-answer question drew. Every chart has a text
description next to it. The CSV has one row per question.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from .charts import describe_counts, difficulty_discrimination_figure, distractor_figure, item_label
from .item_analysis import GROUP_PERCENT, THRESHOLDS, QuizStats

__all__ = ["write_report", "write_csv", "kr20_reading", "CSV_COLUMNS"]

CSV_COLUMNS = ("question_id", "type", "n", "difficulty", "discrimination", "point_biserial", "flags", "no_answer")

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.description { background: #f7f7f7; border-left: 4px solid #0072B2; padding: 0.5rem 0.8rem; }
figure { margin: 0.5rem 0 1.5rem; }
dt { font-weight: bold; }
"""


def kr20_reading(kr20: float | None) -> str:
    """KR-20 in plain English (the usual rules of thumb for classroom tests)."""
    if kr20 is None:
        return "It could not be computed for this quiz (see the note below)."
    if kr20 < 0:
        return "Below zero: the questions pull in different directions. Check the answer keys of the flagged questions first."
    if kr20 < 0.5:
        return ("Low: the totals say little more than chance about who knows the material. Short quizzes and questions that "
                "nearly everyone gets right (or wrong) lower it; the flagged questions are the place to start.")
    if kr20 < 0.7:
        return "Moderate: fine for practice and feedback, but one total carries a fair amount of chance; do not base a big decision on it alone."
    if kr20 < 0.8:
        return "Acceptable for a classroom quiz: the questions mostly agree about who knows the material."
    return "High: the questions agree well about who knows the material, so the totals rank students consistently."


def _num(value: float | None, places: int = 2) -> str:
    return "n/a" if value is None else f"{value:.{places}f}"


def _csv_num(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def write_csv(stats: QuizStats, path: Path, *, questions: Mapping[str, Any]) -> Path:
    """One row per question: the statistics, the flag codes joined by ``;`` and each option's count."""
    letters = sorted({x for it in stats.items for x in it.distractors})
    with Path(path).open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow([*CSV_COLUMNS, *(f"option_{x}" for x in letters)])
        for it in stats.items:
            q = questions.get(it.question_id)
            out.writerow([
                it.question_id, getattr(q, "type", ""), it.n, _csv_num(it.difficulty), _csv_num(it.discrimination),
                _csv_num(it.point_biserial), ";".join(fl.code for fl in it.flags), it.no_answer if it.distractors else "",
                *(it.distractors.get(x, "") for x in letters),
            ])
    return Path(path)


def _figure_html(fig: Any, div_id: str, *, with_js: bool) -> str:
    from ..figures import describe

    html = fig.to_html(full_html=False, include_plotlyjs=with_js, div_id=div_id, config={"displaylogo": False, "responsive": True})
    text = escape(describe(fig))
    return (f'<p class="description" id="{div_id}-description">{text}</p>\n'
            f'<figure aria-describedby="{div_id}-description">{html}</figure>')


def _summary(stats: QuizStats, notes: Iterable[str]) -> str:
    mean = "n/a" if stats.mean is None else f"{stats.mean:.2f} of {stats.max_total:g} points (standard deviation {stats.sd:.2f})"
    kr = _num(stats.kr20)
    lines = [
        "<h2>Summary</h2>", "<ul>",
        f"<li>Students with a score: <strong>{stats.n_students}</strong></li>",
        f"<li>Questions: <strong>{len(stats.items)}</strong></li>",
        f"<li>Mean total: <strong>{mean}</strong></li>",
        f"<li>KR-20 (reliability): <strong>{kr}</strong>. {escape(kr20_reading(stats.kr20))}"
        + (f" It uses the {stats.kr20_students} students with a score on every question; partial credit counts as not right." if stats.kr20 is not None else "")
        + "</li>",
        "</ul>",
    ]
    extra = [f.message for f in stats.flags] + list(notes)
    if extra:
        lines += ["<p>Notes:</p>", "<ul>", *(f"<li>{escape(n)}</li>" for n in extra), "</ul>"]
    return "\n".join(lines)


_GUIDE = f"""<h2>How to read these numbers</h2>
<dl>
<dt>Difficulty</dt><dd>The share of the question's points students earned, from 0 to 1. Higher means easier. Flagged below {THRESHOLDS['too-hard']:g} (very hard) and above {THRESHOLDS['too-easy']:g} (very easy).</dd>
<dt>Discrimination</dt><dd>How much better the students with the top {GROUP_PERCENT}% of totals did on the question than those with the bottom {GROUP_PERCENT}% (equal totals are split by student id). From -1 to 1; flagged below {THRESHOLDS['low-discrimination']:g}.</dd>
<dt>Point-biserial</dt><dd>The correlation between the question and the rest of the quiz (the total without this question). Flagged when negative: students who did well overall did worse here, which often means a wrong key or a misleading option.</dd>
<dt>Options chosen</dt><dd>For single- and multiple-answer questions, how many students picked each option. An option nobody chose is flagged: it is not doing its job as a distractor (or, for a right answer, nobody found it).</dd>
<dt>KR-20</dt><dd>How consistently the quiz as a whole ranks students, from 0 to 1 (it can fall below 0). A question counts as right only with full credit.</dd>
</dl>
<p>With a small class these numbers move a lot from one group to the next: read them as pointers to questions worth a second look, not verdicts.</p>"""


def _items_table(stats: QuizStats, questions: Mapping[str, Any]) -> str:
    rows = []
    for i, it in enumerate(stats.items):
        q = questions.get(it.question_id)
        stem = getattr(q, "stem", "")
        stem = stem if len(stem) <= 110 else stem[:107] + "..."
        flags = "<ul>" + "".join(f"<li>{escape(f.message)}</li>" for f in it.flags) + "</ul>" if it.flags else "none"
        rows.append(
            f"<tr><th scope=\"row\">{item_label(i)}</th><td><code>{escape(it.question_id)}</code><br>{escape(stem)}</td>"
            f"<td>{escape(getattr(q, 'type', ''))}</td><td class=\"num\">{it.n}</td><td class=\"num\">{_num(it.difficulty)}</td>"
            f"<td class=\"num\">{_num(it.discrimination)}</td><td class=\"num\">{_num(it.point_biserial)}</td><td>{flags}</td></tr>"
        )
    head = ("<tr><th scope=\"col\">#</th><th scope=\"col\">question</th><th scope=\"col\">type</th><th scope=\"col\">students</th>"
            "<th scope=\"col\">difficulty</th><th scope=\"col\">discrimination</th><th scope=\"col\">point-biserial</th><th scope=\"col\">flags</th></tr>")
    return ("<h2>Questions</h2>\n<table id=\"items\"><caption>Every question with its statistics and flags "
            "(n/a: too few students with a score to compute it)</caption>\n<thead>" + head + "</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>")


def write_report(
    stats: QuizStats,
    *,
    questions: Mapping[str, Any] | Sequence[Any],
    out_dir: Path,
    title: str,
    stem: str = "item-analysis",
    notes: Iterable[str] = (),
) -> tuple[Path, Path]:
    """Write ``<out_dir>/<stem>.html`` and ``<out_dir>/<stem>.csv``; return both paths."""
    by_id = dict(questions) if isinstance(questions, Mapping) else {q.id: q for q in questions}
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    parts = [_summary(stats, notes), _GUIDE, "<h2>Difficulty and discrimination</h2>",
             _figure_html(difficulty_discrimination_figure(stats), "difficulty-discrimination", with_js=True),
             _items_table(stats, by_id), "<h2>Options chosen</h2>"]
    shown = 0
    for i, it in enumerate(stats.items):
        q = by_id.get(it.question_id)
        if not it.distractors or q is None:
            continue
        shown += 1
        parts.append(f"<h3>{item_label(i)}: {escape(getattr(q, 'stem', it.question_id))}</h3>")
        key = {q.answer} if isinstance(q.answer, str) else set(q.answer)
        if it.n:
            parts.append(_figure_html(distractor_figure(item_label(i), it, q), f"options-{it.question_id}", with_js=False))
        else:
            parts.append(f"<p class=\"description\">{escape(describe_counts(item_label(i), it, key))}</p>")
    if not shown:
        parts.append("<p>No single- or multiple-answer question has answers to count.</p>")
    page = (
        f"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{escape(title)}</title>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n<h1>{escape(title)}</h1>\n" + "\n".join(parts) + "\n</main>\n</body>\n</html>\n"
    )
    html_path = out_dir / f"{stem}.html"
    html_path.write_text(page, encoding="utf-8")
    csv_path = write_csv(stats, out_dir / f"{stem}.csv", questions=by_id)
    return html_path, csv_path
