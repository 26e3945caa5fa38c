"""What each ``nmt-course`` command does: one small function per command, called by :mod:`.cli`.

Each takes the parsed arguments, calls the package function that does the
work (imported on first use, so ``nmt-course --help`` stays quick), prints
what a user needs to read, and returns the exit status. Problems a user can
cause are raised as :class:`~nmt_course.errors.NmtCourseError`; :func:`.cli.main`
prints them as one line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .course_dir import CourseFolder

__all__ = [
    "_cmd_lab",
    "_cmd_app",
    "_cmd_kb_validate",
    "_cmd_kb_muscle",
    "_cmd_kb_refers_to",
    "_cmd_bank_validate",
    "_cmd_bank_schema",
    "_cmd_quiz_build",
    "_cmd_quiz_release",
    "_cmd_grade",
    "_cmd_report",
    "_cmd_export",
    "_cmd_site_build",
]


def _course_dir(args: argparse.Namespace, *, gradebook: bool = False) -> CourseFolder:
    """The course folder (``--course-dir``, ``NMT_COURSE_DIR``, else the nearest ``nbgrader_config.py`` upward), said on stdout.

    The rules live in :mod:`nmt_course.course_dir`; with ``gradebook`` the
    gradebook it uses is said too (a database password is never printed).
    """
    from .course_dir import find_course_dir, hide_password

    course = find_course_dir(args.course_dir)
    print(course.describe())
    if gradebook:
        print(f"Gradebook: {hide_password(course.gradebook_url())}")
    return course


def _cmd_lab(args: argparse.Namespace) -> int:
    from .launch import run_lab

    return run_lab(port=args.port, open_browser=not args.no_browser, notebooks=args.dir)


def _cmd_app(args: argparse.Namespace) -> int:
    from .launch import run_app

    return run_app(args.name, port=args.port, open_browser=not args.no_browser, notebooks=args.dir)


def _cmd_kb_validate(args: argparse.Namespace) -> int:
    from . import kb

    K, problems = kb.check_kb(args.data or kb.DATA_DIR)
    if K is None:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found in the knowledge base.", file=sys.stderr)
        return 1
    print(
        f"Knowledge base OK: {len(K.muscles)} muscles, {len(K.regions)} regions, "
        f"{len(K.techniques)} techniques, {len(K.contraindications)} contraindications, "
        f"{len(K.endangerment_sites)} endangerment sites, {len(K.conditions)} conditions, "
        f"{len(K.sources)} sources."
    )
    return 0


def _cmd_kb_muscle(args: argparse.Namespace) -> int:
    from . import knowledge as kb

    K = kb.load()
    m = K.muscle(" ".join(args.name))
    regions = K.regions
    print(m.name)
    for label, value in (("Origin", m.origin), ("Insertion", m.insertion), ("Action", m.action), ("Innervation", m.innervation)):
        print(f"  {label}: {value}")
    print("  Trigger points:")
    for tp in m.trigger_points:
        print(f"    - {tp.description}")
    print("  Referred pain, essential: " + ", ".join(regions[r].label for r in m.referral.essential))
    if m.referral.spillover:
        print("  Referred pain, spillover: " + ", ".join(regions[r].label for r in m.referral.spillover))
    for c in m.caveats:
        print(f"  Note ({c.status}): {c.text}")
    print("  Sources: " + ", ".join(m.sources))
    return 0


def _cmd_kb_refers_to(args: argparse.Namespace) -> int:
    from . import knowledge as kb

    K = kb.load()
    region = K.region(" ".join(args.region))
    matches = K.refers_to(region.id)
    if not matches:
        print(f"No muscle in the course refers pain to {region.label.lower()}.")
        return 0
    print(f"Muscles that can refer pain to {region.label.lower()} (essential zone first):")
    for match in matches:
        print(f"  {match.muscle.name:32} {match.zone}")
    return 0


def _cmd_bank_validate(args: argparse.Namespace) -> int:
    from .quiz.banks import bank_folders, check_banks

    folders = bank_folders(cli=args.bank or [])
    bank, problems = check_banks(folders)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) > 1 else ''} found in the question bank.", file=sys.stderr)
        return 1
    shipped = [q for q in bank if bank.origin(q.id) == "shipped"]
    print(f"Question bank OK: {_count(len(shipped), 'question')} in {_count(len({bank.file_of[q.id] for q in shipped}), 'file')} ({_kinds(shipped)}).")
    for folder in folders:
        own = [q for q in bank if bank.origin(q.id) == str(folder)]
        files = _count(len({bank.file_of[q.id] for q in own}), "file")
        print(f"Private bank {folder} OK: {_count(len(own), 'question')} in {files} ({_kinds(own)}); no id is used twice.")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _kinds(questions: list) -> str:
    by_type: dict[str, int] = {}
    for q in questions:
        by_type[q.type] = by_type.get(q.type, 0) + 1
    return ", ".join(f"{n} {t}" for t, n in sorted(by_type.items())) or "none"


def _cmd_bank_schema(args: argparse.Namespace) -> int:
    from .quiz import bank_json_schema

    sys.stdout.write(bank_json_schema())
    return 0


def _cmd_quiz_build(args: argparse.Namespace) -> int:
    from .quiz.commands import build_quiz, build_shipped

    course = _course_dir(args).path
    banks = [Path(b) for b in args.bank or []]
    if args.shipped:
        built = build_shipped(course_dir=course, banks=banks, force=args.force)
    else:
        if not args.name:
            print("error: give a quiz NAME, or --shipped to rebuild the course's quizzes", file=sys.stderr)
            return 2
        topics = [t.strip() for t in (args.topics or "").split(",") if t.strip()]
        built = [build_quiz(
            args.name, topics=topics, count=args.count, seed=args.seed, blueprint=args.blueprint, title=args.title, course_dir=course,
            banks=banks, reveal_answers=args.reveal_answers, force=args.force,
        )]
    for b in built:
        private = f", {b.private} from your own banks" if b.private else ""
        same = " (unchanged)" if b.unchanged else ""
        print(f"Wrote {b.path} ({b.questions} questions, {b.points:g} points{private}){same}.")
        print(f"  answer key: {b.key} (readable by you only; keep it next to the quiz, never in the release)")
        for note in b.notes:
            print(f"  note: {note}")
        if b.invalidated:
            print(f"  rebuilt with --force: {b.invalidated[0]} This invalidates:")
            for note in b.invalidated[1:]:
                print(f"    - {note}")
    return 0


def _cmd_quiz_release(args: argparse.Namespace) -> int:
    from .quiz.commands import release_quiz

    course = _course_dir(args).path
    notes: list[str] = []
    exchange = release_quiz(args.name, course_dir=course, notes=notes)
    for note in notes:
        print(f"note: {note}")
    print(f"Released {args.name} to the exchange in {exchange}: students can now fetch it (nbgrader fetch_assignment {args.name}).")
    return 0


def _cmd_grade(args: argparse.Namespace) -> int:
    _skip_unused_iri_checker()
    from .grading.autograde import grade_quiz, print_progress, print_summary

    course = _course_dir(args, gradebook=True).path
    summary = grade_quiz(
        args.name, course_dir=course, students=args.student or None, progress=print_progress, engine=args.engine, workers=args.workers,
        timeout_per_student=args.timeout_per_student or None, memory_per_student=args.memory_per_student or None,
    )
    print_summary(summary)
    return 1 if summary.failed else 0


def _skip_unused_iri_checker() -> None:
    """Start the grader about 0.8 s sooner.

    On import, ``jsonschema`` tries to load ``rfc3987_syntax`` (present here
    through Jupyter's dependencies), which compiles a full IRI grammar just to
    offer an optional ``"iri"`` format check. Neither nbformat's nor nbgrader's
    schemas use that format, and jsonschema treats the module as optional (it
    guards the import), so the grading process marks it as absent. Only this
    process is affected, and only if jsonschema has not been imported yet.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def _cmd_report(args: argparse.Namespace) -> int:
    from .analysis.commands import report_quiz

    course = _course_dir(args, gradebook=True)
    html_path, csv_path = report_quiz(
        args.name, course_dir=course.path, db_url=course.gradebook_url(must_exist=True), out_dir=Path(args.out_dir) if args.out_dir else None,
    )
    print(f"Wrote {html_path} (item analysis report) and {csv_path} (one row per question).")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .exports.commands import export_bank, export_grades, export_quiz, source_notes

    if args.format in ("canvas", "moodle"):
        if not args.quiz:
            print(f"error: {args.format} exports grades: give the quiz with --quiz NAME", file=sys.stderr)
            return 2
        course = _course_dir(args, gradebook=True)
        out = Path(args.out or f"{args.quiz}-{args.format}.csv")
        path = export_grades(
            args.quiz, course_dir=course.path, db_url=course.gradebook_url(must_exist=True), fmt=args.format, out=out, missing_as_zero=args.missing_as_zero,
            allow_ungraded=args.allow_ungraded, canvas_assignment_id=args.canvas_assignment_id,
            identify_by=args.identify_by, item_name=args.item_name, id_map=Path(args.map) if args.map else None,
        )
        for note in source_notes(args.quiz, course_dir=course.path, db_url=course.gradebook_url()):
            print(f"note: {note}", file=sys.stderr)
        print(f"Wrote {path} ({args.format} grade import).")
        return 0
    kind = "Moodle GIFT" if args.format == "gift" else "Canvas QTI 1.2"
    if args.quiz:
        if args.topics or args.bank:
            print("error: --quiz exports that quiz's own questions; leave out --topics and --bank", file=sys.stderr)
            return 2
        course = _course_dir(args)
        out = Path(args.out or (f"{args.quiz}.gift.txt" if args.format == "gift" else f"{args.quiz}-qti.zip"))
        path = export_quiz(args.quiz, course_dir=course.path, fmt=args.format, out=out)
        for note in source_notes(args.quiz, course_dir=course.path, db_url=course.gradebook_url()):
            print(f"note: {note}", file=sys.stderr)
        print(f"Wrote {path} (the questions of {args.quiz}, {kind}).")
        return 0
    topics = [t.strip() for t in (args.topics or "").split(",") if t.strip()]
    out = Path(args.out or ("question-bank.gift.txt" if args.format == "gift" else "question-bank-qti.zip"))
    path = export_bank(fmt=args.format, out=out, topics=topics, banks=[Path(b) for b in args.bank or []])
    print(f"Wrote {path} ({kind} question bank).")
    return 0


def _cmd_site_build(args: argparse.Namespace) -> int:
    from .site import build_site

    built = build_site(output=Path(args.output))
    print(f"The site is ready: {built.output} ({built.size_bytes / 1e6:.0f} MB, {len(built.notebooks)} notebooks). "
          "Put the folder on any static web host; to try it here: python -m http.server -d " + str(built.output))
    return 0
