"""Time ``import nmt_course`` and ``kb.load()`` in fresh processes.

Targets (issue: foundation): import < 0.3 s, load < 0.2 s, medians on the
2-core machine. Each sample is a new interpreter, so nothing is cached in
memory; a bare ``python -c pass`` is timed alongside as the baseline, and the
figures are printed both raw and net of that baseline.

    python benchmarks/bench_kb.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import time, sys
t0 = time.perf_counter()
{setup}
t1 = time.perf_counter()
{work}
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""

CASES = {
    "python (baseline)": ("pass", "pass"),
    "import nmt_course": ("import nmt_course", "pass"),
    "kb.load()": ("from nmt_course import kb", "K = kb.load()"),
}


def sample(setup: str, work: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(setup=setup, work=work)], capture_output=True, text=True, cwd=ROOT, check=True)
    a, b = out.stdout.split()
    return float(a), float(b)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=15)
    runs = ap.parse_args().runs
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in CASES}
    for _ in range(runs):  # interleave the cases so machine noise hits them alike
        for name, (setup, work) in CASES.items():
            results[name].append(sample(setup, work))
    med = {name: (statistics.median(s[0] for s in v), statistics.median(s[1] for s in v)) for name, v in results.items()}
    print(f"{runs} fresh processes per case, medians in seconds")
    imp = med["import nmt_course"][0]
    print(f"  import nmt_course        {imp:.4f}  (target < 0.3)  {'OK' if imp < 0.3 else 'MISSED'}")
    setup, load = med["kb.load()"]
    print(f"  import nmt_course.kb     {setup:.4f}")
    print(f"  kb.load()                {load:.4f}  (target < 0.2)  {'OK' if load < 0.2 else 'MISSED'}")
    print(f"  import kb + kb.load()    {setup + load:.4f}")
    print(f"  ratio load / target      {load / 0.2:.2f}")


if __name__ == "__main__":
    main()
