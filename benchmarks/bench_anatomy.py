"""Issue "Interactive anatomy": selection latency, figure size, widget import time.

Targets: a selection change (setting the value -> figure and card updated)
median < 30 ms; the full body-map figure JSON < 250 KB; importing the widgets
module < 1.5 s (fresh processes). Prints medians and target ratios.

    python benchmarks/bench_anatomy.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def import_time(runs: int) -> float:
    code = "import time; t=time.perf_counter(); from nmt_course.widgets import MuscleExplorer, WhereDoesItHurt; import nmt_course.widgets.explorer, nmt_course.widgets.where_it_hurts; print(time.perf_counter()-t)"
    samples = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout) for _ in range(runs)]
    return statistics.median(samples)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=30)
    rounds = ap.parse_args().rounds

    from nmt_course import kb
    from nmt_course.figures import body_map
    from nmt_course.widgets import MuscleExplorer, WhereDoesItHurt

    K = kb.load()
    ex = MuscleExplorer()
    app = WhereDoesItHurt()
    muscles = list(K.muscles)
    regions = [r for r in K.regions if K.refers_to(r)]
    explorer_ms, where_ms, candidate_ms = [], [], []
    for i in range(rounds):  # interleaved, so machine noise hits all three alike
        m = muscles[i % len(muscles)]
        t = time.perf_counter()
        ex.muscle_list.value = m
        explorer_ms.append((time.perf_counter() - t) * 1000)
        assert ex.muscle.id == m and m in str(ex.figure.data[-1].meta)
        r = regions[i % len(regions)]
        t = time.perf_counter()
        app.region_list.value = r
        where_ms.append((time.perf_counter() - t) * 1000)
        assert app.state.region_id == r
        if len(app.candidates) > 1:
            t = time.perf_counter()
            app.candidate_list.value = app.candidates[-1].muscle.id
            candidate_ms.append((time.perf_counter() - t) * 1000)

    full = body_map(muscles=muscles, regions=list(K.regions), endangerment=True, clickable=True)
    size_kb = len(full.to_json()) / 1024
    typical = body_map(muscles=["upper-trapezius"], clickable=True)
    typical_kb = len(typical.to_json()) / 1024
    imp = import_time(5)

    def line(name: str, value: float, target: float, unit: str) -> None:
        verdict = "OK" if value < target else "MISSED"
        print(f"  {name:44} {value:8.1f} {unit:3} target < {target:g} {unit}  ratio {value / target:.2f}  {verdict}")

    print(f"{rounds} selection changes per app (median), one run")
    line("explorer: choose a muscle", statistics.median(explorer_ms), 30, "ms")
    line("where-it-hurts: choose a region", statistics.median(where_ms), 30, "ms")
    if candidate_ms:
        line("where-it-hurts: choose a candidate", statistics.median(candidate_ms), 30, "ms")
    line("full body map JSON (all muscles+regions)", size_kb, 250, "KB")
    line("typical body map JSON (one muscle)", typical_kb, 250, "KB")
    line("import widgets module (fresh process)", imp * 1000, 1500, "ms")


if __name__ == "__main__":
    main()
