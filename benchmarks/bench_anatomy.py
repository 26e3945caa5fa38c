"""Body map and anatomy apps: selection latency, figure size, import time, and (``--browser``) paint time.

Targets: a selection change on the server (setting the value -> figure and
card rebuilt) median < 30 ms; the full body-map figure JSON < 250 KB;
importing the widgets module < 1.5 s (fresh processes); with ``--browser``,
choosing a muscle in the explorer (served by Voila, in Chromium) until the
new map is painted, median < 300 ms. Prints medians, target ratios and the
machine's load average, since colleagues share the machine.

    python benchmarks/bench_anatomy.py [--rounds 30] [--browser] [--browser-rounds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def import_time(runs: int) -> float:
    code = "import time; t=time.perf_counter(); from nmt_course.widgets import MuscleExplorer, WhereDoesItHurt; import nmt_course.widgets.explorer, nmt_course.widgets.where_it_hurts; print(time.perf_counter()-t)"
    samples = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout) for _ in range(runs)]
    return statistics.median(samples)


def line(name: str, value: float, target: float, unit: str) -> None:
    verdict = "OK" if value < target else "MISSED"
    print(f"  {name:48} {value:8.1f} {unit:3} target < {target:g} {unit}  ratio {value / target:.2f}  {verdict}")


def server_side(rounds: int) -> None:
    from nmt_course import kb
    from nmt_course.figures.bodymap import body_map_json
    from nmt_course.widgets import MuscleExplorer, WhereDoesItHurt

    K = kb.load()
    ex = MuscleExplorer()
    app = WhereDoesItHurt()
    muscles = list(K.muscles)
    regions = [r for r in K.regions if K.refers_to(r)]
    explorer_ms, where_ms, candidate_ms, encode_ms = [], [], [], []
    for i in range(rounds):  # interleaved, so machine noise hits all of them alike
        m = muscles[(i + 1) % len(muscles)]
        t = time.perf_counter()
        ex.muscle_list.value = m
        explorer_ms.append((time.perf_counter() - t) * 1000)
        assert ex.muscle.id == m and ex.view.plot.figure["layout"]["meta"]["description"].count(K.muscles[m].name) >= 1
        t = time.perf_counter()
        json.dumps(ex.view.plot.figure)  # what the kernel then writes to the page
        encode_ms.append((time.perf_counter() - t) * 1000)
        r = regions[i % len(regions)]
        t = time.perf_counter()
        app.region_list.value = r
        where_ms.append((time.perf_counter() - t) * 1000)
        assert app.state.region_id == r
        if len(app.candidates) > 1:
            t = time.perf_counter()
            app.candidate_list.value = app.candidates[-1].muscle.id
            candidate_ms.append((time.perf_counter() - t) * 1000)

    full = body_map_json(muscles=muscles, regions=list(K.regions), view="all", endangerment=True, clickable=True)
    size_kb = len(json.dumps(full)) / 1024
    typical_kb = len(json.dumps(body_map_json(muscles=["upper-trapezius"], zoom=True))) / 1024
    app_kb = {}  # the largest map an app draws: where-it-hurts on each region (its candidates drawn together)
    for r in regions:
        app.region_list.value = r
        app_kb[r] = len(json.dumps(app.view.plot.figure)) / 1024
    largest = max(app_kb, key=app_kb.__getitem__)
    imp = import_time(5)

    print(f"{rounds} selection changes per app (median), one run")
    line("explorer: choose a muscle", statistics.median(explorer_ms), 30, "ms")
    line("  then encode the figure for the page", statistics.median(encode_ms), 30, "ms")
    line("where-it-hurts: choose a region", statistics.median(where_ms), 30, "ms")
    if candidate_ms:
        line("where-it-hurts: choose a candidate", statistics.median(candidate_ms), 30, "ms")
    line(f"full body map JSON ({len(muscles)} muscles, every region)", size_kb, 250, "KB")
    line("typical body map JSON (one muscle, zoomed)", typical_kb, 250, "KB")
    line(f"largest map an app draws (where-it-hurts: {largest})", app_kb[largest], 250, "KB")
    line("import widgets module (fresh process)", imp * 1000, 1500, "ms")


def browser(rounds: int) -> None:
    """Choose muscles in the explorer app (Voila, Chromium) and time each until the map is painted."""
    from playwright.sync_api import sync_playwright

    from nmt_course.launch import free_port

    tmp = Path(tempfile.mkdtemp(prefix="nmt-bench-anatomy-"))
    try:
        shutil.copytree(ROOT / "notebooks" / "apps", tmp / "apps")
        port, token = free_port(), secrets.token_hex(16)
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IPYTHONDIR=str(tmp / "ipython"), PYTHONWARNINGS="ignore")
        log = (tmp / "voila.log").open("w")
        proc = subprocess.Popen([sys.executable, "-m", "voila", str(tmp / "apps" / "explorer.ipynb"), f"--port={port}", "--Voila.ip=127.0.0.1",
                                 f"--token={token}", "--no-browser", "--strip_sources=True"], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=tmp)
        try:
            base = f"http://127.0.0.1:{port}"
            for _ in range(240):
                try:
                    urllib.request.urlopen(f"{base}/voila/static/voila.js", timeout=3)
                    break
                except OSError:
                    time.sleep(0.5)
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = b.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(f"{base}/?token={token}", timeout=180_000)
                rev = "() => { const e = document.querySelector('.nmt-plot-view'); return e ? e.dataset.nmtRevision || null : null; }"
                page.wait_for_function(f"() => ({rev})() !== null", timeout=180_000)
                options = page.locator(".nmt-muscle-explorer .widget-select select option").all_text_contents()
                select = page.locator(".nmt-muscle-explorer .widget-select select").first
                samples = []
                for i in range(rounds + 2):
                    before = page.evaluate(rev)
                    label = options[(i * 7 + 3) % len(options)].replace("\xa0", " ")
                    t = time.perf_counter()
                    select.select_option(label=label)
                    page.wait_for_function(f"(r) => ({rev})() !== r", arg=before, timeout=60_000)
                    if i >= 2:  # the first two warm the page's caches
                        samples.append((time.perf_counter() - t) * 1000)
                b.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{rounds} muscle choices in Chromium (Voila), choice to the new map painted")
    line("explorer: choose a muscle, map painted (median)", statistics.median(samples), 300, "ms")
    print(f"  (fastest {min(samples):.0f} ms, slowest {max(samples):.0f} ms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=30)
    ap.add_argument("--browser", action="store_true", help="also time the explorer in Chromium (starts Voila)")
    ap.add_argument("--browser-rounds", type=int, default=20)
    args = ap.parse_args()
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    server_side(args.rounds)
    if args.browser:
        browser(args.browser_rounds)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
