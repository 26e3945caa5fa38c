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

Each is timed end to end as a command (start-up and imports included); the
peak resident memory of its largest process and the CPU time of all its
processes (kernels included) are read from the OS. Prints the median wall
and CPU time of each, the ratio of the kernel's medians to each static
median, the machine's load average while they ran (on a shared machine the
wall times swing with it, the CPU times much less), and checks that every
student's score is the same under all four.
Target: ``nmt-course grade`` at least 50 times faster than the kernel.

Then a hostile class (issue 14): ``--hostile`` submissions (default 50) made
to stall, crash or inflate a grader (answers that made the old regular
expressions backtrack, 50 MB and deeply nested answers, pasted cells, links
to /etc/passwd and to other students' notebooks, pipes, a timestamp linked
to /dev/zero...), graded by ``nmt-course grade``. Prints the median wall
time and the peak memory, and how each case ended (graded, "not a valid
answer" with a reason, or not graded with a reason). Target: under 30 s,
peak memory under 500 MB, every case ended.

    python benchmarks/bench_grading.py [--students 100] [--static-runs 5] [--kernel-runs 1] [--hostile 50] [--hostile-runs 3]

A kernel run of 100 notebooks takes over two minutes, hence one by default;
each is itself the sum of 100 notebook runs.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import stat
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
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, wall, used.ru_maxrss / 1024, used.ru_utime + used.ru_stime)
"""


def _answer(rng: random.Random, q: dict) -> str:
    """A plausible student answer literal for a question spec from the quiz's answer key."""
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
    course = base / "course"
    (course / "source").mkdir(parents=True)
    shutil.copytree(ROOT / "quizzes" / "source" / QUIZ, course / "source" / QUIZ)
    (course / "answer-keys").mkdir()
    shutil.copy(ROOT / "quizzes" / "answer-keys" / f"{QUIZ}.json", course / "answer-keys" / f"{QUIZ}.json")
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    run(["nbgrader", "generate_assignment", QUIZ, "--force"], course)
    released = json.loads((course / "release" / QUIZ / f"{QUIZ}.ipynb").read_text())
    key = json.loads((course / "answer-keys" / f"{QUIZ}.json").read_text())
    specs = {var: entry["question"] for var, entry in key["questions"].items()}  # the quiz's answer key, by variable
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


# a hostile answer per kind: (the answer cell's source, or a change to the submission folder)
HOSTILE_ANSWERS = {
    "regex stall (matching)": "q{n} = 'A" + " " * 3200 + "x'",
    "regex stall (letters)": "q{n} = 'a" + " " * 5000 + "!'",
    "50 MB string": "q{n} = '" + "A" * 50_000_000 + "'",
    "20 KB string": "q{n} = '" + "B" * 20_000 + "'",
    "not x 100,000": "q{n} = " + "not " * 100_000 + "x",
    "not x 20,000": "q{n} = " + "not " * 20_000 + "x",
    "5,000 minus signs": "q{n} = " + "-" * 5_000 + "1",
    "100,000 nested lists": "q{n} = " + "[" * 100_000 + "]" * 100_000,
    "10,000 nested lists": "q{n} = " + "[" * 10_000 + "]" * 10_000,
    "5,000-digit number": "q{n} = 1" + "0" * 5_000,
    "computed": "q{n} = 'C' if True else 'A'",
    "walrus": "(q{n} := 'B')",
}
HOSTILE_FILES = ["pasted cells", "deleted test metadata", "link to /etc/passwd", "linked notebook", "pipe", "timestamp -> /dev/zero"]


def make_hostile_course(template: Path, base: Path, count: int) -> Path:
    """A copy of the honest course whose first ``count`` students hand in something hostile (cycling through the kinds)."""
    course = base / "hostile"
    shutil.copytree(template, course)
    kinds = [*HOSTILE_ANSWERS, *HOSTILE_FILES]
    everyone = sorted(p.name for p in (course / "submitted").iterdir())
    students = everyone[:count]
    for other in everyone[count:]:
        shutil.rmtree(course / "submitted" / other)
    for i, student in enumerate(students):
        kind = kinds[i % len(kinds)]
        folder = course / "submitted" / student / QUIZ
        path = folder / f"{QUIZ}.ipynb"
        nb = json.loads(path.read_text())
        answers = [c for c in nb["cells"] if c["cell_type"] == "code" and c["metadata"].get("nbgrader", {}).get("solution")]
        tests = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade")]
        if kind in HOSTILE_ANSWERS:
            cell = answers[i % len(answers)]
            cell["source"] = HOSTILE_ANSWERS[kind].format(n=f"{answers.index(cell) + 1:02d}")
        elif kind == "pasted cells":
            for cell in (answers[0], tests[1]):
                twin = json.loads(json.dumps(cell))
                twin["id"] = f"pasted-{cell['id']}"
                nb["cells"].insert(nb["cells"].index(cell) + 1, twin)
        elif kind == "deleted test metadata":
            tests[2]["metadata"] = {}
        elif kind == "link to /etc/passwd":
            (folder / "passwd").symlink_to("/etc/passwd")
        elif kind == "pipe":
            os.mkfifo(folder / "pipe")
        elif kind == "timestamp -> /dev/zero":
            (folder / "timestamp.txt").unlink(missing_ok=True)
            (folder / "timestamp.txt").symlink_to("/dev/zero")
        if kind == "linked notebook":
            path.unlink()
            path.symlink_to(f"../../{students[0]}/{QUIZ}/{QUIZ}.ipynb")
        else:
            path.write_text(json.dumps(nb))
    return course


def copy_course(source: Path, dest: Path) -> None:
    """A copy of a course folder with its links kept as links and its pipes made again (``copytree`` cannot copy a pipe)."""
    def copy(src: str, dst: str) -> None:
        if stat.S_ISFIFO(os.lstat(src).st_mode):
            os.mkfifo(dst)
        else:
            shutil.copy2(src, dst)

    shutil.copytree(source, dest, symlinks=True, copy_function=copy)


def outcomes(course: Path) -> tuple[dict[str, int], list[str]]:
    """How the students ended, from a grading run's summary: graded, with a "not a valid answer", noted, not graded."""
    done = subprocess.run(
        [sys.executable, "-m", "nmt_course", "grade", QUIZ, "--course-dir", str(course)], cwd=course, env=ENV, capture_output=True, text=True,
    )
    lines = done.stdout.splitlines()
    progress = [ln for ln in lines if ln.startswith("[")]
    invalid_from = next((i for i, ln in enumerate(lines) if 'not a valid answer"' in ln), None)
    invalid = 0
    if invalid_from is not None:
        invalid = sum(1 for ln in lines[invalid_from + 1:] if ln.startswith("  "))
    why_not = [ln.removeprefix("error: ")[:110] for ln in done.stderr.splitlines() if ln.startswith("error: ")]
    return {
        "students": len(progress), "graded": sum("NOT GRADED" not in ln for ln in progress), "not graded (named, with why)": sum("NOT GRADED" in ln for ln in progress),
        "with a 'not a valid answer'": invalid, "tracebacks": done.stdout.count("Traceback") + done.stderr.count("Traceback"),
    }, why_not


def run(cmd: list[str], cwd: Path) -> None:
    exe = [sys.executable, "-m", *cmd]
    subprocess.run(exe, cwd=cwd, check=True, capture_output=True, env=ENV)


def timed(cmd: list[str], cwd: Path, allow: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """``(wall s, peak RSS MB of the largest process, CPU s of every process)`` of one command run."""
    out = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", *cmd], cwd=cwd, env=ENV, capture_output=True, text=True, check=True)
    code, wall, peak, cpu = out.stdout.split()
    if int(code) not in allow:
        raise SystemExit(f"{' '.join(cmd)} exited {code}")
    return float(wall), float(peak), float(cpu)


def load() -> str:
    """The machine's load average over the last minute, to read the wall times against (the CPU times vary less)."""
    return f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


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
    ap.add_argument("--hostile", type=int, default=50, help="hostile submissions in the adversarial batch (0: skip it)")
    ap.add_argument("--hostile-runs", type=int, default=3, help="runs of the adversarial batch (median reported)")
    args = ap.parse_args()
    n = args.students
    walls: dict[str, list[float]] = {name: [] for name in GRADERS}
    cpus: dict[str, list[float]] = {name: [] for name in GRADERS}
    peaks: dict[str, float] = dict.fromkeys(GRADERS, 0.0)
    all_scores: dict[str, dict[str, float]] = {}
    hostile_walls: list[float] = []
    loads: list[float] = []
    hostile_peak = 0.0
    ended: dict[str, int] = {}
    why_not: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        template = make_course(base / "template", n)
        if args.hostile:
            hostile = make_hostile_course(template, base, min(args.hostile, n))
            for run_no in range(args.hostile_runs):
                course = base / f"hostile-{run_no}"
                copy_course(hostile, course)
                wall, peak, cpu = timed(["nmt_course", "grade", QUIZ, "--course-dir", str(course)], course, allow=(0, 1))
                hostile_walls.append(wall)
                hostile_peak = max(hostile_peak, peak)
                loads.append(os.getloadavg()[0])
                print(f"  hostile round {run_no + 1}: nmt-course grade {wall:7.2f} s (CPU {cpu:6.2f} s), peak RSS {peak:6.1f} MB; {load()}", flush=True)
                shutil.rmtree(course)
            ended, why_not = outcomes(hostile)
        for round_no in range(max(args.static_runs, args.kernel_runs)):
            for name, cmd in GRADERS.items():
                if round_no >= (args.kernel_runs if name == KERNEL else args.static_runs):
                    continue
                course = base / f"run-{round_no}-{len(all_scores)}"
                shutil.copytree(template, course)
                if name != KERNEL:
                    cmd = [*cmd, "--course-dir", str(course)]
                wall, peak, cpu = timed(cmd, course)
                walls[name].append(wall)
                cpus[name].append(cpu)
                loads.append(os.getloadavg()[0])
                peaks[name] = max(peaks[name], peak)
                all_scores[f"{name} #{round_no}"] = scores(course)
                shutil.rmtree(course)
                print(f"  round {round_no + 1}: {name:36s} {wall:7.2f} s (CPU {cpu:6.2f} s); {load()}", flush=True)
    medians = {name: statistics.median(values) for name, values in walls.items() if values}
    cpu_medians = {name: statistics.median(values) for name, values in cpus.items() if values}
    kernel = medians[KERNEL]
    reference = next(iter(all_scores.values()))
    same = all(s == reference for s in all_scores.values())
    print(f"\n{n} submissions of the {QUIZ} quiz (20 questions); median wall time and CPU time of each grader, start-up included")
    print(f"  (1-minute load average during the runs: median {statistics.median(loads):.1f}, max {max(loads):.1f}, on {os.cpu_count()} CPUs)")
    for name, median in medians.items():
        ratio = "" if name == KERNEL else f"  kernel/this {kernel / median:6.1f}x wall, {cpu_medians[KERNEL] / cpu_medians[name]:6.1f}x CPU"
        print(
            f"  {name:36s} {median:7.2f} s  CPU {cpu_medians[name]:7.2f} s  {median / n * 1000:7.1f} ms/submission"
            f"  peak RSS {peaks[name]:6.1f} MB  ({len(walls[name])} runs){ratio}"
        )
    ratio = kernel / medians["nmt-course grade"]
    print(f"  target: nmt-course grade >= {TARGET}x faster than the kernel: {ratio:.1f}x  {'OK' if ratio >= TARGET else 'MISSED'}")
    print(f"  identical scores: {'yes' if same else 'NO'} ({len(reference)} students in each of {len(all_scores)} runs, mean {sum(reference.values()) / max(len(reference), 1):.2f})")
    if hostile_walls:
        median = statistics.median(hostile_walls)
        print(f"\n{min(args.hostile, n)} hostile submissions ({len(HOSTILE_ANSWERS) + len(HOSTILE_FILES)} kinds); nmt-course grade, start-up included")
        print(f"  median {median:.2f} s ({len(hostile_walls)} runs), peak RSS {hostile_peak:.1f} MB")
        print(f"  target: under 30 s and 500 MB: {'OK' if median < 30 and hostile_peak < 500 else 'MISSED'}")
        print("  how they ended: " + ", ".join(f"{k} {v}" for k, v in ended.items()))
        for line in why_not:
            print(f"    not graded: {line}")
    if not same:
        for key, s in all_scores.items():
            diff = {k: (s.get(k), reference.get(k)) for k in set(s) | set(reference) if s.get(k) != reference.get(k)}
            if diff:
                print(f"  {key} differs:", dict(sorted(diff.items())[:10]))


if __name__ == "__main__":
    main()
