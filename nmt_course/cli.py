"""The ``nmt-course`` command line: parse, call one function, print.

Exit status: 0 on success, 1 on invalid content or a failed step, 2 on usage
errors (argparse's own convention). Errors are printed as one plain sentence,
never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .commands import (
    _cmd_app,
    _cmd_bank_schema,
    _cmd_bank_validate,
    _cmd_export,
    _cmd_grade,
    _cmd_kb_muscle,
    _cmd_kb_refers_to,
    _cmd_kb_validate,
    _cmd_lab,
    _cmd_quiz_build,
    _cmd_quiz_release,
    _cmd_report,
    _cmd_site_build,
)
from .errors import NmtCourseError
from .grading.options import add_grade_options

__all__ = ["main", "build_parser"]


def _server_options(parser: argparse.ArgumentParser) -> None:
    """--port, --no-browser and --dir, shared by the commands that start a server."""
    parser.add_argument("--port", type=int, default=None, help="port to listen on (default: a free one)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser; just print the address")
    parser.add_argument("--dir", default=None, help="folder of course notebooks (default: the course's notebooks/)")


COURSE_DIR_HELP = "nbgrader course folder (default: $NMT_COURSE_DIR, else the nearest folder upward with an nbgrader_config.py)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nmt-course", description="An open course on neuromuscular therapy (NMT).")
    parser.add_argument("--version", action="version", version=f"nmt-course {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    lab = sub.add_parser("lab", help="open the course in JupyterLab", description="Start JupyterLab on the course notebooks and open the welcome notebook.")
    _server_options(lab)
    lab.set_defaults(func=_cmd_lab)

    app = sub.add_parser("app", help="serve an app without code (Voila)", description="Serve one of the course's apps with Voila: widgets only, no code cells.")
    app.add_argument("name", choices=["explorer", "where-it-hurts"], help="which app")
    _server_options(app)
    app.set_defaults(func=_cmd_app)

    kbp = sub.add_parser("kb", help="check and query the knowledge base", description="Check and query the knowledge base.")
    kbsub = kbp.add_subparsers(dest="kb_command", metavar="ACTION")
    kbsub.required = True
    val = kbsub.add_parser("validate", help="validate every knowledge-base file", description="Validate every knowledge-base file; list every problem with its file, line and place; exit 1 if any.")
    val.add_argument("--data", default=None, help="folder to validate (default: the installed knowledge base)")
    val.set_defaults(func=_cmd_kb_validate)
    mus = kbsub.add_parser("muscle", help="show a muscle's card", description="Show a muscle: anatomy, trigger points, referral zones, sources.")
    mus.add_argument("name", nargs="+", help='muscle id, name or alias, e.g. "upper trapezius" or SCM')
    mus.set_defaults(func=_cmd_kb_muscle)
    ref = kbsub.add_parser("refers-to", help="muscles that refer pain to a region", description="List muscles whose referred pain reaches a region, essential zones first.")
    ref.add_argument("region", nargs="+", help='region id or label, e.g. temple or "back of the knee"')
    ref.set_defaults(func=_cmd_kb_refers_to)

    quizp = sub.add_parser("quiz", help="build and release nbgrader quizzes", description="Build quizzes from the question bank and release them with nbgrader.")
    quizsub = quizp.add_subparsers(dest="quiz_command", metavar="ACTION")
    quizsub.required = True
    qb = quizsub.add_parser("build", help="write an nbgrader source notebook", description=(
        "Select questions from the shipped bank and your own banks and write the nbgrader source notebook "
        "source/NAME/NAME.ipynb and its answer key answer-keys/NAME.json (readable by you only) in the course folder. "
        "The same options give the same notebook. A quiz that is already released or graded is not changed without --force."
    ))
    qb.add_argument("name", nargs="?", help="quiz name, e.g. week-3 (letters, digits, hyphens)")
    qb.add_argument("--topics", default="", help="comma-separated topic tags, e.g. trigger-points,referral (default: all)")
    qb.add_argument("--count", type=int, default=20, help="number of questions (default 20)")
    qb.add_argument("--seed", type=int, default=1, help="random seed for the selection (default 1)")
    qb.add_argument("--blueprint", choices=["mblex"], default=None, help="weight the questions by the MBLEx content outline")
    qb.add_argument("--title", default=None, help="title shown at the top of the quiz")
    qb.add_argument("--course-dir", default=None, help=COURSE_DIR_HELP)
    qb.add_argument(
        "--bank", action="append", metavar="DIR",
        help="also draw from your own bank folder (repeatable; also NMT_COURSE_BANKS and 'banks:' in quizzes.yaml). "
        "Its questions stay in your course folder: students get only what the quiz shows them",
    )
    qb.add_argument(
        "--reveal-answers", action=argparse.BooleanOptionalAction, default=True,
        help="whether the students' feedback shows the right answers and explanations (default: it does); "
        "--no-reveal-answers shows only whether each of their own choices was right, so questions can be used again",
    )
    qb.add_argument("--force", action="store_true", help="rebuild a quiz that is already released or graded (it says what that invalidates)")
    qb.add_argument("--shipped", action="store_true", help="rebuild every quiz listed in the course folder's quizzes.yaml")
    qb.set_defaults(func=_cmd_quiz_build)
    qr = quizsub.add_parser("release", help="nbgrader generate + release", description="Run nbgrader generate_assignment and release_assignment for a built quiz. The exchange folder comes from NMT_COURSE_EXCHANGE or c.Exchange.root in nbgrader_config.py; without one, nothing is released.")
    qr.add_argument("name", help="quiz name")
    qr.add_argument("--course-dir", default=None, help=COURSE_DIR_HELP)
    qr.set_defaults(func=_cmd_quiz_release)

    gradep = sub.add_parser("grade", help="autograde a quiz without running student code", description="Autograde every collected submission of a quiz with nbgrader, reading the answers statically instead of running the notebooks. Exit 1 if any submission could not be graded.")
    gradep.add_argument("name", help="quiz (nbgrader assignment) name")
    gradep.add_argument("--course-dir", default=None, help=COURSE_DIR_HELP)
    add_grade_options(gradep)
    gradep.set_defaults(func=_cmd_grade)

    rep = sub.add_parser("report", help="item analysis of a graded quiz", description="Item analysis of a graded quiz (difficulty, discrimination, point-biserial, distractors, KR-20, flags) as an HTML report with charts and a CSV.")
    rep.add_argument("name", help="quiz (nbgrader assignment) name")
    rep.add_argument("--course-dir", default=None, help=COURSE_DIR_HELP)
    rep.add_argument("--out-dir", default=None, help="where to write the report (default: <course>/reports)")
    rep.set_defaults(func=_cmd_report)

    exp = sub.add_parser(
        "export", help="export grades or the question bank to an LMS",
        description=(
            "Export a quiz's grades as a Canvas or Moodle import CSV (from the nbgrader gradebook), or questions as Moodle GIFT "
            "or a Canvas QTI 1.2 zip: one quiz's (--quiz NAME) or the bank's (--topics, --bank). "
            "Grade rows carry the nbgrader student id, which must be the student's LMS login or SIS id "
            "(Canvas: SIS Login ID by default; Moodle: username); if it is not, give --map CSV with the header nbgrader_id,lms_id."
        ),
    )
    exp.add_argument("format", choices=["canvas", "moodle", "gift", "qti"], help="canvas/moodle: grades; gift/qti: questions")
    exp.add_argument("--quiz", default=None, help="canvas/moodle: the quiz whose grades to export; gift/qti: export that quiz's questions only")
    exp.add_argument("--out", default=None, help="output file (default: a name in the current folder)")
    exp.add_argument("--course-dir", default=None, help=COURSE_DIR_HELP)
    exp.add_argument("--topics", default="", help="gift/qti without --quiz: only bank questions with these comma-separated topics")
    exp.add_argument("--bank", action="append", metavar="DIR", help="gift/qti without --quiz: add your own bank folder (repeatable)")
    exp.add_argument(
        "--map", default=None, metavar="CSV",
        help="canvas/moodle: a CSV (header nbgrader_id,lms_id) giving each student's LMS login or SIS id, "
        "when it is not their nbgrader id; every student needs a row",
    )
    exp.add_argument("--missing-as-zero", action="store_true", help="students with no submission get 0 instead of a blank")
    exp.add_argument("--allow-ungraded", action="store_true", help="export even if written answers still need marking")
    exp.add_argument("--canvas-assignment-id", default=None, help="canvas: the assignment's Canvas id, for the column name")
    exp.add_argument("--identify-by", choices=["username", "email", "idnumber"], default="username", help="moodle: which field identifies students")
    exp.add_argument("--item-name", default=None, help="name of the grade column (default: the quiz name)")
    exp.set_defaults(func=_cmd_export)

    sitep = sub.add_parser("site", help="build the course as a website (JupyterLite)",
                           description="Build the course as a static JupyterLite website: Jupyter and Python run in the student's browser, nothing installed.")
    sitesub = sitep.add_subparsers(dest="site_command", metavar="ACTION")
    sitesub.required = True
    sb = sitesub.add_parser("build", help="build the static site", description="Build every course notebook, the package and its content into a static site (downloads from PyPI and npm the first time, cached after).")
    sb.add_argument("--output", default="nmt-course-site", help="folder to write the site to (default: ./nmt-course-site; replaced if it exists)")
    sb.set_defaults(func=_cmd_site_build)

    bankp = sub.add_parser("bank", help="check the question bank", description="Check the question bank and print its JSON Schema.")
    banksub = bankp.add_subparsers(dest="bank_command", metavar="ACTION")
    banksub.required = True
    bval = banksub.add_parser(
        "validate", help="validate every question",
        description="Validate the shipped bank and your own bank folders (--bank, NMT_COURSE_BANKS): every file, every question; "
        "list every problem with its file, line and place; a question id may be used only once in all of them. Exit 1 if any problem.",
    )
    bval.add_argument("--bank", action="append", metavar="DIR", help="also check your own bank folder (repeatable)")
    bval.set_defaults(func=_cmd_bank_validate)
    bsch = banksub.add_parser("schema", help="print the bank's JSON Schema", description="Print the JSON Schema of a bank file (committed as quizzes/bank.schema.json).")
    bsch.set_defaults(func=_cmd_bank_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except NmtCourseError as exc:
        from .course_dir import CourseFolderError

        print(f"error: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, CourseFolderError) else 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
