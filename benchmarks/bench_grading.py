"""Static grading vs nbgrader's kernel autograde, on the same 100 submissions.

Builds a temporary nbgrader course with the shipped 20-question trigger-point
quiz, writes N synthetic submissions (seeded: a mix of right, wrong, partial,
blank and malformed answers), then grades identical copies of the course
twice, one after the other in this run: ``nmt-course grade`` (static) and
``nbgrader autograde`` (a kernel per notebook). Prints both wall times, the
ratio, peak memory of each grader (with its kernels), and checks that every
student's score is identical. Target: static at least 50 times faster.

    python benchmarks/bench_grading.py [--students 100]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUIZ = "trigger-points"

WRAPPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - t
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(code, wall, peak_mb)
"""


def _answer(rng: random.Random, q: dict) -> str:
    """A plausible student answer literal for a question spec from the hidden test cell."""
    kind, roll = q["type"], rng.random()
    if roll < 0.05:
        return "None"
    if roll < 0.08:
        return "12345"  # wrong type
    key = q["answer"]
    ids = [o["id"] for o in q.get("options", [])]
    if kind == "single":
        return repr(key if roll < 0.6 else rng.choice(ids))
    if kind == "multiple":
        return repr(key if roll < 0.5 else sorted(rng.sample(ids, rng.randint(1, len(ids)))))
    if kind == "ordering":
        order = list(key)
        if roll > 0.6:
            rng.shuffle(order)
        return repr(order)
    if kind == "matching":
        choices = [c["id"] for c in q["choices"]]
        return repr(key if roll < 0.5 else {k: rng.choice(choices) for k in key})
    if kind == "numeric":
        return repr(key["value"] if roll < 0.6 else key["value"] + 50)
    if kind == "hotspot":
        return repr(key[0] if roll < 0.6 else "heel")
    return "None"


def make_course(base: Path, students: int) -> Path:
    from nmt_course.grading.static import parse_test_cell

    course = base / "course"
    (course / "source").mkdir(parents=True)
    shutil.copytree(ROOT / "quizzes" / "source" / QUIZ, course / "source" / QUIZ)
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    run(["nbgrader", "generate_assignment", QUIZ, "--force"], course)
    released = json.loads((course / "release" / QUIZ / f"{QUIZ}.ipynb").read_text())
    source = json.loads((course / "source" / QUIZ / f"{QUIZ}.ipynb").read_text())
    specs = {}
    for cell in source["cells"]:
        parsed = parse_test_cell("".join(cell["source"])) if cell["cell_type"] == "code" else None
        if parsed:
            specs[parsed[1]] = parsed[0]
    rng = random.Random(7)
    for n in range(students):
        nb = json.loads(json.dumps(released))
        for cell in nb["cells"]:
            text = "".join(cell["source"])
            var = text.split(" = None", 1)[0] if cell["cell_type"] == "code" and " = None  # your answer" in text else None
            if var in specs:
                cell["source"] = f"{var} = {_answer(rng, specs[var])}\n"
        target = course / "submitted" / f"student{n:03d}" / QUIZ
        target.mkdir(parents=True)
        (target / f"{QUIZ}.ipynb").write_text(json.dumps(nb))
    return course


def run(cmd: list[str], cwd: Path) -> None:
    exe = [sys.executable, "-m", *cmd]
    subprocess.run(exe, cwd=cwd, check=True, capture_output=True, env=ENV)


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", *cmd], cwd=cwd, env=ENV, capture_output=True, text=True, check=True)
    code, wall, peak = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    return float(wall), float(peak)


def scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: round(s.score, 4) for s in gb.find_assignment(QUIZ).submissions}


ENV = dict(os.environ, PYTHONWARNINGS="ignore", NMT_COURSE_EXCHANGE="/tmp", PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, default=100)
    n = ap.parse_args().students
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        course = make_course(base / "a", n)
        kernel_course = base / "b"
        shutil.copytree(course, kernel_course)
        static_wall, static_peak = timed(["nmt_course", "grade", QUIZ, "--course-dir", str(course)], course)
        kernel_wall, kernel_peak = timed(["nbgrader", "autograde", QUIZ, "--force"], kernel_course)
        s_static, s_kernel = scores(course), scores(kernel_course)
    same = s_static == s_kernel
    print(f"{n} submissions of the {QUIZ} quiz (20 questions), graded one after the other in this run")
    print(f"  static (nmt-course grade)   {static_wall:8.1f} s  {static_wall / n * 1000:7.1f} ms/submission  peak {static_peak:7.1f} MB")
    print(f"  kernel (nbgrader autograde) {kernel_wall:8.1f} s  {kernel_wall / n * 1000:7.1f} ms/submission  peak {kernel_peak:7.1f} MB")
    ratio = kernel_wall / static_wall
    print(f"  ratio kernel/static          {ratio:8.1f}x  (target >= 50x)  {'OK' if ratio >= 50 else 'MISSED'}")
    print(f"  identical scores             {'yes' if same else 'NO'} ({len(s_static)} students, mean {sum(s_static.values()) / max(len(s_static), 1):.2f})")
    if not same:
        diff = {k: (s_static.get(k), s_kernel.get(k)) for k in set(s_static) | set(s_kernel) if s_static.get(k) != s_kernel.get(k)}
        print("  differences:", dict(sorted(diff.items())[:10]))


if __name__ == "__main__":
    main()
