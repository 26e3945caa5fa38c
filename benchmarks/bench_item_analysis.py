"""Issue 6 (item analysis): 1,000 students by 100 questions in under a second.

Builds a seeded matrix of 1,000 students and 100 single-answer questions
(four options each; a student's chance of a right answer rises with a hidden
ability, wrong answers spread over the distractors, one in fifty unreadable),
then times :func:`nmt_course.analysis.analyse_items` with the chosen options,
so the distractor counts are part of the work. Prints the median of several
runs and its ratio to the 1 s target (pure Python, no numpy).

    python benchmarks/bench_item_analysis.py [--runs 7] [--students 1000] [--items 100]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 1.0  # seconds


def make_data(students: int, items: int, seed: int = 6) -> tuple[dict, dict, list]:
    rng = random.Random(seed)
    questions = [
        SimpleNamespace(id=f"q{j:03d}", type="single", answer="ABCD"[j % 4], options=[SimpleNamespace(id=x) for x in "ABCD"])
        for j in range(items)
    ]
    scores: dict[str, dict[str, float]] = {}
    answers: dict[str, dict[str, tuple[str, ...] | None]] = {}
    for i in range(students):
        ability = rng.random()
        sid = f"student-{i:05d}"
        scores[sid], answers[sid] = {}, {}
        for q in questions:
            right = rng.random() < 0.25 + 0.7 * ability * (0.5 + (int(q.id[1:]) % 10) / 10)
            pick = q.answer if right else rng.choice([x for x in "ABCD" if x != q.answer])
            scores[sid][q.id] = 1.0 if right else 0.0
            answers[sid][q.id] = None if rng.random() < 0.02 else (pick,)
    return scores, answers, questions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--students", type=int, default=1000)
    ap.add_argument("--items", type=int, default=100)
    args = ap.parse_args()

    from nmt_course.analysis import analyse_items

    scores, answers, questions = make_data(args.students, args.items)
    samples = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        stats = analyse_items(scores, answers=answers, questions=questions)
        samples.append(time.perf_counter() - t0)
    med = statistics.median(samples)
    print(f"item analysis, {args.students} students x {args.items} questions (with distractor counts), {args.runs} runs")
    print(f"  median     {med:.4f} s   (min {min(samples):.4f}, max {max(samples):.4f})")
    print(f"  target     < {TARGET:.1f} s   {'OK' if med < TARGET else 'MISSED'}")
    print(f"  ratio      {med / TARGET:.2f} of the target")
    print(f"  KR-20 {stats.kr20:.3f}, flagged questions {sum(1 for it in stats.items if it.flags)}")


if __name__ == "__main__":
    main()
