"""LMS exports: grades for Canvas and Moodle, the question bank as GIFT and QTI.

- :func:`export_grades` reads one assignment's totals from the nbgrader
  gradebook (:mod:`.grades`) and writes a Canvas gradebook import CSV
  (:mod:`.canvas`) or a Moodle grade import CSV (:mod:`.moodle`).
- :func:`export_bank` writes the question bank, or some of its topics, as
  Moodle GIFT text (:mod:`.gift`) or a Canvas QTI 1.2 zip (:mod:`.qti`).
  Ordering and hotspot questions, which neither LMS has, are converted as
  :mod:`.question_forms` describes.

Each format's column or markup conventions are in its module's notes. The
writers take plain data (:class:`StudentGrade` lists, bank questions), so
they work without nbgrader; only :func:`read_grades` imports it.
"""

from __future__ import annotations

from .canvas import canvas_csv, write_canvas_csv
from .commands import export_bank, export_grades, select_bank_questions
from .gift import escape_gift, to_gift, write_gift
from .grades import StudentGrade, read_grades
from .moodle import moodle_csv, write_moodle_csv
from .qti import to_qti_zip, write_qti_zip

__all__ = [
    "StudentGrade",
    "canvas_csv",
    "escape_gift",
    "export_bank",
    "export_grades",
    "moodle_csv",
    "read_grades",
    "select_bank_questions",
    "to_gift",
    "to_qti_zip",
    "write_canvas_csv",
    "write_gift",
    "write_moodle_csv",
    "write_qti_zip",
]
