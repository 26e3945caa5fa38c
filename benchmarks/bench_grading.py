"""Issue 6: static grading vs nbgrader's kernel autograde, on the same 100 submissions.

Builds a temporary nbgrader course with the shipped 20-question trigger-point
quiz and N synthetic collected submissions (seeded: a mix of right, wrong,
partial, blank and malformed answers). Then, in rounds within this one run,
fresh copies of that course are graded by:

- ``nmt-course grade`` (the batch engine, default worker count);
- ``nmt-course grade --workers 1`` (the batch engine in one process);
- ``nmt-course grade --engine nbgrader`` (nbgrader's stock Autograde
  converter, once per student, with the static preprocessors);
- ``nbgrader autograde`` (a kernel per notebook: the baseline).

Each is timed end to end as a command (start-up and imports included) and
the peak resident memory of its largest process is read from the OS. Prints the median wall
time of each, the ratio of the kernel's median to each static median, and
checks that every student's score is the same under all four.
Target: ``nmt-course grade`` at least 50 times faster than the kernel.

    python benchmarks/bench_grading.py [--students 100] [--static-runs 5] [--kernel-runs 1]

A kernel run of 100 notebooks takes over two minutes, hence one by default;
each is itself the sum of 100 notebook runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
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


GRADERS = {
    "nmt-course grade": ["nmt_course", "grade", QUIZ],
    "nmt-course grade --workers 1": ["nmt_course", "grade", QUIZ, "--workers", "1"],
    "nmt-course grade --engine nbgrader": ["nmt_course", "grade", QUIZ, "--engine", "nbgrader"],
    "nbgrader autograde (kernel)": ["nbgrader", "autograde", QUIZ, "--force"],
}
KERNEL = "nbgrader autograde (kernel)"
TARGET = 50


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--students", type=int, default=100)
    ap.add_argument("--static-runs", type=int, default=5, help="runs of each static grader (median reported)")
    ap.add_argument("--kernel-runs", type=int, default=1, help="runs of nbgrader autograde (median reported)")
    args = ap.parse_args()
    n = args.students
    walls: dict[str, list[float]] = {name: [] for name in GRADERS}
    peaks: dict[str, float] = dict.fromkeys(GRADERS, 0.0)
    all_scores: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        template = make_course(base / "template", n)
        for round_no in range(max(args.static_runs, args.kernel_runs)):
            for name, cmd in GRADERS.items():
                if round_no >= (args.kernel_runs if name == KERNEL else args.static_runs):
                    continue
                course = base / f"run-{round_no}-{len(all_scores)}"
                shutil.copytree(template, course)
                if name != KERNEL:
                    cmd = [*cmd, "--course-dir", str(course)]
                wall, peak = timed(cmd, course)
                walls[name].append(wall)
                peaks[name] = max(peaks[name], peak)
                all_scores[f"{name} #{round_no}"] = scores(course)
                shutil.rmtree(course)
                print(f"  round {round_no + 1}: {name:36s} {wall:7.2f} s", flush=True)
    medians = {name: statistics.median(values) for name, values in walls.items() if values}
    kernel = medians[KERNEL]
    reference = next(iter(all_scores.values()))
    same = all(s == reference for s in all_scores.values())
    print(f"\n{n} submissions of the {QUIZ} quiz (20 questions); median wall time of each grader, start-up included")
    for name, median in medians.items():
        ratio = "" if name == KERNEL else f"  kernel/this {kernel / median:6.1f}x"
        print(f"  {name:36s} {median:7.2f} s  {median / n * 1000:7.1f} ms/submission  peak RSS {peaks[name]:6.1f} MB  ({len(walls[name])} runs){ratio}")
    ratio = kernel / medians["nmt-course grade"]
    print(f"  target: nmt-course grade >= {TARGET}x faster than the kernel: {ratio:.1f}x  {'OK' if ratio >= TARGET else 'MISSED'}")
    print(f"  identical scores: {'yes' if same else 'NO'} ({len(reference)} students in each of {len(all_scores)} runs, mean {sum(reference.values()) / max(len(reference), 1):.2f})")
    if not same:
        for key, s in all_scores.items():
            diff = {k: (s.get(k), reference.get(k)) for k in set(s) | set(reference) if s.get(k) != reference.get(k)}
            if diff:
                print(f"  {key} differs:", dict(sorted(diff.items())[:10]))


if __name__ == "__main__":
    main()
