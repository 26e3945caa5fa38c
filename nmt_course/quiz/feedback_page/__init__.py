"""The feedback page of a quiz: nbgrader's ``generate_feedback`` with the course's own template.

nbgrader's stock feedback page shows every cell's source, so a quiz's page
would show the set-up code, the answer checks and each hidden test cell.
The template in ``nmt-feedback/`` (it extends nbgrader's ``feedback``
template) draws a quiz notebook (one whose metadata says ``nmt_course.quiz``)
as a marked paper instead: the quiz's title and total, then one card per
question with the feedback block the grader wrote
(:mod:`nmt_course.quiz.feedback`), the line the student wrote, and any mark
or comment the instructor changed in formgrader. No code but the student's
own answer line appears. Any other notebook gets nbgrader's page unchanged.

The course's ``nbgrader_config.py`` turns it on for ``GenerateFeedback``
only, so formgrader's own pages are untouched::

    from nmt_course.quiz.feedback_page import feedback_settings
    for name, value in feedback_settings().items():
        setattr(c.GenerateFeedback.HTMLExporter, name, value)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["TEMPLATE_NAME", "feedback_settings"]

TEMPLATE_NAME = "nmt-feedback"
_HERE = Path(__file__).resolve().parent


def feedback_settings() -> dict[str, Any]:
    """nbconvert settings for nbgrader's feedback exporter: the course's template, and nbgrader's it extends."""
    import nbgrader

    formgrader = Path(nbgrader.__file__).resolve().parent / "server_extensions" / "formgrader"
    templates = formgrader / "templates"
    bootstrap = formgrader / "static" / "node_modules" / "bootstrap" / "dist" / "css"  # nbgrader's own page includes it
    return {
        "template_name": TEMPLATE_NAME,
        "extra_template_basedirs": [str(_HERE), str(templates)],
        "extra_template_paths": [str(templates), str(bootstrap)],  # so that 'feedback/index.html.j2' is found
    }
