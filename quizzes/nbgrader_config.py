"""nbgrader configuration for the nmt-course quizzes.

Run nbgrader from this folder (``cd quizzes``). The course id and the
exchange folder can be set with environment variables, so one checkout works
on a laptop and on a school's JupyterHub:

- ``NMT_COURSE_ID`` (default ``nmt-course``)
- ``NMT_COURSE_EXCHANGE`` (default ``/usr/local/share/nbgrader/exchange``, nbgrader's own default)
- ``NMT_COURSE_CELL_TIMEOUT`` seconds per cell when grading with a kernel (default 30)
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.CourseDirectory.course_id = os.environ.get("NMT_COURSE_ID", "nmt-course")
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.Exchange.root = os.environ.get("NMT_COURSE_EXCHANGE", "/usr/local/share/nbgrader/exchange")

# A student's endless loop must not stop the batch: each cell gets a time limit.
c.ExecutePreprocessor.timeout = int(os.environ.get("NMT_COURSE_CELL_TIMEOUT", "30"))
c.ExecutePreprocessor.interrupt_on_timeout = True

# Answer cells keep their template line (q07 = None  # your answer, e.g. "B");
# the solution region disappears without a stub.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Feedback pages a student can read: each question as a marked paper, no code but the
# student's own answer line (nmt_course/quiz/feedback_page). Only nbgrader's feedback
# step uses it; formgrader's pages are unchanged. Without nmt-course installed where
# nbgrader runs, nbgrader's own feedback page is used.
try:
    from nmt_course.quiz.feedback_page import feedback_settings
except ImportError:
    pass
else:
    for _name, _value in feedback_settings().items():
        setattr(c.GenerateFeedback.HTMLExporter, _name, _value)
