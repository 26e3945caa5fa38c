"""Issue "Quizzes a student answers by clicking": answer forms in JupyterLab, in Chromium.

Targets: opening the shipped 50-question MBLEx mock exam (as nbgrader releases
it) until all 50 forms are drawn, less than 3 s after the kernel is ready; a
click on an option until its literal is in the answer cell's source (what the
editor shows, which is what gets saved), less than 100 ms. Prints medians and
their ratio to the target.

    python benchmarks/bench_quiz_forms.py [--rounds 5] [--clicks 40]

Needs Debian's Chromium at /usr/bin/chromium and the package installed with its
extension (``pip install -e .``).
"""

from __future__ import annotations

import argparse
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
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

# In the page: when were all forms drawn, and when did the kernel first show Idle (ms since navigation)?
WATCH = """
window.__nmt = {forms: null, kernel: null, first: null, cells: null};
const tick = () => {
  const w = window.__nmt, now = performance.now();
  if (w.first === null && document.querySelector('.nmt-answer-form')) w.first = now;
  if (w.cells === null && document.querySelectorAll('.jp-Notebook .jp-Cell .jp-InputArea').length >= %d) w.cells = now;
  if (w.forms === null && document.querySelectorAll('.nmt-answer-form').length >= %d) w.forms = now;
  if (w.kernel === null && document.body && document.body.innerText.includes('| Idle')) w.kernel = now;
  if ((w.forms === null && %s) || w.kernel === null || w.cells === null) requestAnimationFrame(tick);
};
requestAnimationFrame(tick);
"""

# In the page: click option `letter` of form `n`; ms until the cell's editor holds the literal.
CLICK = """async ([n, letter, variable]) => {
  const form = document.querySelectorAll('.nmt-answer-form')[n];
  const cell = form.closest('.jp-Cell');
  const want = `${variable} = "${letter}"`;
  const editor = () => cell.querySelector('.cm-content').textContent;
  const t0 = performance.now();
  form.querySelector(`input[value="${letter}"]`).click();
  while (!editor().includes(want)) { await new Promise(r => setTimeout(r, 0)); if (performance.now() - t0 > 5000) return -1; }
  return performance.now() - t0;
}"""


def _released_mock(tmp: Path) -> Path:
    course = tmp / "course"
    shutil.copytree(ROOT / "quizzes" / "source" / "mblex-mock", course / "source" / "mblex-mock")
    shutil.copy(ROOT / "quizzes" / "nbgrader_config.py", course / "nbgrader_config.py")
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
               NMT_COURSE_EXCHANGE=str(tmp / "exchange"), HOME=str(tmp))
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", "mblex-mock", "--force"], cwd=course, env=env,
                   check=True, capture_output=True)
    served = tmp / "served"
    served.mkdir()
    shutil.copy(course / "release" / "mblex-mock" / "mblex-mock.ipynb", served / "mblex-mock.ipynb")
    return served


def _serve(root: Path, tmp: Path) -> tuple[subprocess.Popen, str, str]:
    from nmt_course.launch import free_port

    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "cfg"), JUPYTER_RUNTIME_DIR=str(tmp / "rt"), IPYTHONDIR=str(tmp / "ipy"), PYTHONWARNINGS="ignore")
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False",
           "--ServerApp.allow_root=True", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    proc = subprocess.Popen(cmd, stdout=(tmp / "lab.log").open("w"), stderr=subprocess.STDOUT, env=env, cwd=tmp)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5):
                return proc, base, token
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("JupyterLab did not start:\n" + (tmp / "lab.log").read_text()[-2000:])


def _load(browser, url: str, cells: int, forms: int) -> dict[str, float]:
    """One page load: ms from navigation to first form, all forms, every cell rendered, kernel idle."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.add_init_script(WATCH % (cells, forms, "true" if forms else "false"))
    page.goto(url)
    page.wait_for_function("() => { const w = window.__nmt; return w && w.kernel !== null && w.cells !== null && "
                           f"({'w.forms !== null' if forms else 'true'}); }}", timeout=300_000)
    got = page.evaluate("() => window.__nmt")
    page.close()
    return got


def _row(label: str, values: list[float], target: float | None = None) -> str:
    med = statistics.median(values)
    ratio = f"{med / target:6.2f}x target ({target:g} ms)" if target else ""
    return f"  {label:<48} median {med:8.1f} ms  (min {min(values):7.1f}, max {max(values):7.1f}, n={len(values)})  {ratio}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5, help="page loads of each notebook")
    ap.add_argument("--clicks", type=int, default=40, help="clicks timed")
    args = ap.parse_args()
    import json

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="nmt-bench-forms-") as name:
        tmp = Path(name)
        served = _released_mock(tmp)
        nb = json.loads((served / "mblex-mock.ipynb").read_text())
        records = [c["metadata"]["nmt_course"]["answer"] for c in nb["cells"] if "answer" in c.get("metadata", {}).get("nmt_course", {})]
        total, cells = len(records), len(nb["cells"])
        singles = [(i, r) for i, r in enumerate(records) if r["type"] == "single"]
        for c in nb["cells"]:  # the same notebook without answer records: JupyterLab alone, no forms
            c.get("metadata", {}).pop("nmt_course", None)
        (served / "plain.ipynb").write_text(json.dumps(nb))
        proc, base, token = _serve(served, tmp)
        quiz_url = f"{base}/lab/tree/mblex-mock.ipynb?reset&token={token}"
        plain_url = f"{base}/lab/tree/plain.ipynb?reset&token={token}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
                quiz_loads, plain_loads = [], []
                for _ in range(args.rounds):  # interleaved, so machine noise hits both alike
                    quiz_loads.append(_load(browser, quiz_url, cells, total))
                    plain_loads.append(_load(browser, plain_url, cells, 0))
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(quiz_url)
                page.wait_for_function(f"() => document.querySelectorAll('.nmt-answer-form').length === {total}", timeout=300_000)
                click_ms = []
                for k in range(args.clicks):
                    n, record = singles[k % len(singles)]
                    letter = record["options"][(k // len(singles)) % len(record["options"])][0]
                    page.locator(".nmt-answer-form").nth(n).scroll_into_view_if_needed()
                    ms = page.evaluate(CLICK, [n, letter, record["variable"]])
                    if ms < 0:
                        raise SystemExit(f"clicking {letter} in form {n} never reached the cell")
                    click_ms.append(ms)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)

    print(f"Answer forms: the shipped MBLEx mock exam as nbgrader releases it ({total} answer forms, {cells} cells), "
          "JupyterLab in Chromium at 1280 px")
    print(_row("load -> kernel ready (Idle)", [w["kernel"] for w in quiz_loads]))
    print(_row("load -> first form drawn", [w["first"] for w in quiz_loads]))
    print(_row("load -> every cell rendered (with forms)", [w["cells"] for w in quiz_loads]))
    print(_row("load -> every cell rendered (same notebook, no forms)", [w["cells"] for w in plain_loads]))
    print(_row("load -> all forms drawn", [w["forms"] for w in quiz_loads]))
    print(_row("every cell rendered -> all forms drawn", [max(0.0, w["forms"] - w["cells"]) for w in quiz_loads]))
    print(_row("kernel ready -> all forms drawn (0 if before)", [max(0.0, w["forms"] - w["kernel"]) for w in quiz_loads], 3000))
    print(_row("click -> literal in the answer cell", click_ms, 100))


if __name__ == "__main__":
    main()
