"""Headless execution time of every course notebook (target: each under 15 s).

Each notebook runs in a fresh kernel with nbclient, as `pytest --nbval-lax`
does; the script prints the median of a few runs per notebook, the ratio to
the target, and whether any cell wrote an error or to stderr.

    python benchmarks/bench_notebooks.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
TARGET = 15.0


def run_once(path: Path) -> tuple[float, list[str]]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(path.parent)}})
    t = time.perf_counter()
    client.execute()
    wall = time.perf_counter() - t
    problems = [
        f"{cell.get('id')}: {o.get('ename') or o.get('name')}"
        for cell in nb.cells
        for o in cell.get("outputs", [])
        if o.get("output_type") == "error" or (o.get("output_type") == "stream" and o.get("name") == "stderr")
    ]
    return wall, problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    runs = ap.parse_args().runs
    os.environ.setdefault("NMT_COURSE_PROGRESS_DB", str(Path(tempfile.mkdtemp()) / "progress.sqlite"))
    notebooks = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
    times: dict[Path, list[float]] = {p: [] for p in notebooks}
    issues: dict[Path, list[str]] = {}
    for _ in range(runs):  # round-robin, so machine noise is shared
        for p in notebooks:
            wall, problems = run_once(p)
            times[p].append(wall)
            if problems:
                issues[p] = problems
    print(f"{runs} headless runs per notebook (fresh kernel each), median seconds; target < {TARGET:g} s")
    for p in notebooks:
        med = statistics.median(times[p])
        verdict = "OK" if med < TARGET and p not in issues else "MISSED"
        print(f"  {p.relative_to(ROOT / 'notebooks')!s:45} {med:6.2f} s  ratio {med / TARGET:.2f}  {verdict}")
        for problem in issues.get(p, []):
            print(f"      error/stderr output: {problem}")


if __name__ == "__main__":
    main()
