"""Render every muscle's body map to PNG, to look at them next to the manuals' charts.

    python benchmarks/render_bodymaps.py                      # every muscle, wide (900 px)
    python benchmarks/render_bodymaps.py --muscle soleus --muscle scalenes
    python benchmarks/render_bodymaps.py --narrow             # also the phone layout (390 px, views stacked)
    python benchmarks/render_bodymaps.py --sheet              # plus contact sheets of 4 maps each

Needs kaleido (``.venv/bin/pip install kaleido``; a development tool, not a
course dependency). Writes ``test-output/bodymaps/<muscle>.png`` (and ``<muscle>-390.png``,
``sheet-N.png``). The maps are the explorer's: zoomed to the pattern, titled
with the muscle's name. Rendering uses kaleido with Debian's Chromium
(``BROWSER_PATH=/usr/bin/chromium`` unless set); the contact sheets use
Playwright with the same browser.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "test-output" / "bodymaps"
CHROMIUM = "/usr/bin/chromium"


def narrow_layout(fig_json: dict, width: int = 390) -> dict:
    """The figure as the widget draws it on a phone: the stacked layout, scaled to ``width``."""
    from nmt_course.figures.bodymap_frame import narrow_layout as stacked

    out = dict(fig_json)
    out["layout"] = stacked(fig_json["layout"], width)
    out["layout"]["width"] = width
    return out


def _write(figs: list[dict], paths: list[Path]) -> None:
    import importlib.util

    import plotly.io as pio

    if importlib.util.find_spec("kaleido") is None:
        raise SystemExit("This script draws with kaleido, which the course does not install: run `.venv/bin/pip install kaleido` first.")

    widths = [f["layout"].get("width", 900) for f in figs]
    heights = [f["layout"]["height"] for f in figs]
    for attempt in range(3):  # kaleido's browser can fail to start on a loaded machine
        try:
            pio.write_images(figs, [str(p) for p in paths], width=widths, height=heights)
            return
        except Exception as exc:
            print(f"  renderer failed ({type(exc).__name__}); retrying", file=sys.stderr)
            time.sleep(2 * (attempt + 1))
    raise SystemExit("kaleido could not render the maps (is Chromium installed at /usr/bin/chromium?)")


def sheets(paths: list[Path], *, per_sheet: int = 4) -> list[Path]:
    """Contact sheets: the PNGs in a grid, photographed by Chromium."""
    from playwright.sync_api import sync_playwright

    made = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--headless", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1804, "height": 600})
        for i in range(0, len(paths), per_sheet):
            chunk = paths[i : i + per_sheet]
            cells = "".join(f"<figure><img src='{q.name}'><figcaption>{q.stem}</figcaption></figure>" for q in chunk)
            html = OUT / f"sheet-{i // per_sheet + 1}.html"
            html.write_text(
                "<style>body{margin:0;display:grid;grid-template-columns:repeat(2,900px);align-items:start;font:14px sans-serif}"
                "figure{margin:0;border:1px solid #ccc}img{width:900px;display:block}</style>" + cells, encoding="utf-8"
            )
            page.goto(html.as_uri())
            shot = html.with_suffix(".png")
            page.screenshot(path=str(shot), full_page=True)
            made.append(shot)
        browser.close()
    return made


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--muscle", action="append", default=[], help="a muscle id, name or alias (repeatable); default: every muscle")
    ap.add_argument("--narrow", action="store_true", help="also render the phone layout (390 px wide)")
    ap.add_argument("--sheet", action="store_true", help="also make contact sheets")
    args = ap.parse_args()
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)

    from nmt_course import kb
    from nmt_course.figures.bodymap import body_map_json

    K = kb.load()
    ids = [K.muscle(m).id for m in args.muscle] or sorted(K.muscles)
    OUT.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    figs = {m: body_map_json(muscles=[m], zoom=True, title=K.muscles[m].name) for m in ids}
    wide = [OUT / f"{m}.png" for m in ids]
    _write([figs[m] for m in ids], wide)
    if args.narrow:
        _write([narrow_layout(figs[m]) for m in ids], [OUT / f"{m}-390.png" for m in ids])
    print(f"{len(ids)} maps in {time.perf_counter() - started:.1f} s -> {OUT}")
    if args.sheet:
        for shot in sheets(wide):
            print(shot)


if __name__ == "__main__":
    main()
