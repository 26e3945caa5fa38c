"""nbgrader configuration for the nmt-course quizzes.

This folder is an nbgrader course folder: ``nmt-course`` commands run in it
(or in any folder below it) find it by this file, and so does ``nbgrader``
run here. The course id, the exchange and the gradebook come from
environment variables, so one copy works on a laptop and on a school's
JupyterHub (``deploy/hub/`` sets them for the course's grading service):

- ``NMT_COURSE_ID`` (default ``nmt-course``)
- ``NMT_COURSE_EXCHANGE``: the exchange folder students fetch from and submit
  to, for example ``/srv/nbgrader/exchange``. There is no default:
  ``nmt-course quiz release`` stops and asks for one (nbgrader's own
  fallback is ``/usr/local/share/nbgrader/exchange``). ``c.Exchange.root``
  set in a global ``nbgrader_config.py`` works as well.
- ``NMT_COURSE_DB_URL``: the gradebook as an SQLAlchemy URL. Default: the
  SQLite file ``gradebook.db`` in this folder. With several graders at once,
  PostgreSQL: ``postgresql+psycopg://USER@/DATABASE?host=/var/run/postgresql``
  (needs ``pip install "nmt-course[postgres]"``).
- ``NMT_COURSE_CELL_TIMEOUT`` seconds per cell when grading with a kernel (default 30)
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader when it reads this file

c.CourseDirectory.course_id = os.environ.get("NMT_COURSE_ID", "nmt-course")
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
if os.environ.get("NMT_COURSE_EXCHANGE", "").strip():
    c.Exchange.root = os.environ["NMT_COURSE_EXCHANGE"].strip()
if os.environ.get("NMT_COURSE_DB_URL", "").strip():
    c.CourseDirectory.db_url = os.environ["NMT_COURSE_DB_URL"].strip()

# A student's endless loop must not stop the batch: each cell gets a time limit.
c.ExecutePreprocessor.timeout = int(os.environ.get("NMT_COURSE_CELL_TIMEOUT", "30"))
c.ExecutePreprocessor.interrupt_on_timeout = True

# Answer cells keep their template line (q07 = None  # your answer, e.g. "B");
# the solution region disappears without a stub.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
