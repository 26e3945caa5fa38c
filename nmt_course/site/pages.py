"""The site's own pages: the welcome page, and the note shown while Python starts.

- ``index.html`` (the site's address) replaces JupyterLite's redirect with a
  welcome page: every chapter, with a link to open it one notebook at a time
  (simplest, and best on a tablet) or in JupyterLab; practice; where the
  graded quizzes are (not here); where progress is kept and how to reset it.
- ``lab/index.html`` and ``notebooks/index.html`` get ``nmt-course/kernel-status.js``,
  which says "Starting Python in your browser, about N s the first time"
  until the notebook's Python answers, and its stylesheet.
- Every page gets ``nmt-course/offline.js``, which asks the site's service
  worker (:mod:`.offline`) to save the whole course on the device and shows
  how far it got; the welcome page has a button to save it straight away.
"""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path
from urllib.parse import quote

from .lite import PROGRESS_FILE, STORAGE_NAME
from .offline import site_size
from .requirements import SiteBuildError

__all__ = ["SITE_NOTEBOOKS", "FIRST_START_SECONDS", "LATER_START_SECONDS", "write_pages", "welcome_page",
           "notebook_title"]

HERE = Path(__file__).resolve().parent
#: notebooks only the site has: practice and the mock exam, ready to run
SITE_NOTEBOOKS = (HERE / "notebooks" / "practice.ipynb",)
#: the note's estimate of Python's start, first visit and later ones, in seconds; once a device has started
#: Python, the note quotes that device's own last start instead (benchmarks/bench_site.py measures it here)
FIRST_START_SECONDS = 40
LATER_START_SECONDS = 10
_APP_PAGES = ("lab/index.html", "notebooks/index.html")
_MARK = "<!-- nmt-course kernel status -->"


def notebook_title(path: Path) -> str:
    """The first heading of a notebook's first text cell, without the ``#``."""
    try:
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return path.stem
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", [])).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def _links(rel: str, title: str) -> str:
    where = quote(rel)
    return (f"<li><a class='open' href='notebooks/index.html?path={where}'>{html.escape(title)}</a> "
            f"<a class='alt' href='lab/index.html?path={where}' aria-label='{html.escape(title)} in JupyterLab'>"
            "in JupyterLab</a></li>")


def welcome_page(notebooks: list[str], contents: Path, *, size_mb: int = 80) -> str:
    """The HTML of the site's welcome page."""
    chapters = [n for n in notebooks if "/" not in n and n[:2].isdigit()]
    apps = [n for n in notebooks if n.startswith("apps/")]
    extra = [n for n in notebooks if n not in chapters and n not in apps]
    def items(names: list[str]) -> str:
        return "\n".join(_links(n, notebook_title(contents / n)) for n in names)
    return _TEMPLATE.format(
        chapters=items(chapters), apps=items(apps), practice=items(extra), progress=html.escape(PROGRESS_FILE),
        first=FIRST_START_SECONDS, later=LATER_START_SECONDS, storage=html.escape(STORAGE_NAME), size=size_mb,
        offline_script=_offline_script("", size_mb),
    )


def _offline_script(prefix: str, size_mb: int) -> str:
    return (f"<script src='{prefix}nmt-course/offline.js' data-size-mb='{size_mb}' "
            f"data-worker='{prefix}service-worker.js?enableCache=false' defer></script>")


def _inject(page: Path, *, size_mb: int) -> None:
    text = page.read_text(encoding="utf-8")
    if _MARK in text:
        return
    if "</head>" not in text:
        raise SiteBuildError(f"{page} has no </head>: cannot add the kernel status note")
    tags = (f"{_MARK}\n<link rel='stylesheet' href='../nmt-course/nmt-site.css'>\n"
            f"<script src='../nmt-course/kernel-status.js' data-first-seconds='{FIRST_START_SECONDS}' "
            f"data-later-seconds='{LATER_START_SECONDS}' defer></script>\n{_offline_script('../', size_mb)}\n")
    page.write_text(text.replace("</head>", tags + "</head>", 1), encoding="utf-8")


def write_pages(out: Path, *, notebooks: list[str], contents: Path) -> None:
    """Write the welcome page and add the kernel status note to the notebook pages of a built site."""
    static = out / "nmt-course"
    static.mkdir(exist_ok=True)
    for name in ("kernel-status.js", "nmt-site.css", "offline.js"):
        shutil.copy2(HERE / "static" / name, static / name)
    size_mb = round(site_size(out)[0] / 1e6)
    for rel in _APP_PAGES:
        _inject(out / rel, size_mb=size_mb)
    (out / "index.html").write_text(welcome_page(notebooks, contents, size_mb=size_mb), encoding="utf-8")


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NMT course: neuromuscular therapy in your browser</title>
<link rel="icon" href="lab/favicon.ico">
<!-- JupyterLite's pages read this (empty) configuration from the site's root page: keep it -->
<script id="jupyter-config-data" type="application/json" data-jupyter-lite-root=".">{{}}</script>
<style>
  body {{ margin: 0; font: 17px/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif;
         color: #1b1b1b; background: #fafafa; }}
  main {{ max-width: 760px; margin: 0 auto; padding: 16px 16px 48px; }}
  h1 {{ font-size: 1.7em; line-height: 1.2; margin: 12px 0 8px; }}
  h2 {{ font-size: 1.25em; margin: 28px 0 8px; }}
  ul.nb {{ list-style: none; padding: 0; margin: 0; }}
  ul.nb li {{ margin: 6px 0; padding: 10px 12px; background: #fff; border: 1px solid #8a8a8a; border-radius: 6px; }}
  a {{ color: #0b4f9c; }}
  a.open {{ font-weight: 600; display: inline-block; min-height: 24px; }}
  a.alt {{ float: right; font-size: 0.85em; margin-left: 12px; }}
  a:focus-visible {{ outline: 3px solid #0b4f9c; outline-offset: 2px; }}
  .box {{ background: #fff; border-left: 5px solid #5c4400; padding: 10px 14px; margin: 12px 0; }}
  code {{ background: #eee; padding: 1px 4px; border-radius: 3px; overflow-wrap: anywhere; }}
  .offline-state {{ margin: 8px 0; padding: 8px 12px; border: 2px solid #5c4400; border-radius: 6px;
                    background: #fff6d6; }}
  .offline-state--ready {{ border-color: #1b5e20; background: #e8f5e9; }}
  .offline-state--failed {{ border-color: #8b0000; background: #fdecea; }}
  button.save {{ font: inherit; padding: 8px 14px; border: 2px solid #0b4f9c; border-radius: 6px;
                 background: #fff; color: #0b4f9c; cursor: pointer; min-height: 44px; }}
  button.save:focus-visible {{ outline: 3px solid #0b4f9c; outline-offset: 2px; }}
  button.save:disabled {{ color: #555; border-color: #767676; cursor: default; }}
  @media (max-width: 480px) {{ body {{ font-size: 16px; }} a.alt {{ float: none; display: block; margin: 4px 0 0; }} }}
</style>
</head>
<body>
<main>
<h1>Neuromuscular therapy: an open course</h1>
<p>Trigger points, referred pain, assessment, techniques, session planning and safety, with body maps you can
explore and questions that give feedback. <b>Everything runs in this browser: there is nothing to install</b>,
and it works on a laptop or a tablet.</p>
<div class="box" role="note"><b>The first start takes a while.</b> When you open a chapter, Python starts inside
your browser: about {first}&nbsp;s the first time (it downloads about 65&nbsp;MB), about {later}&nbsp;s after that.
A note at the bottom of the page says when it is ready. After the first visit the browser keeps the whole
course, so later visits download nothing and work without an internet connection too
(<a href="#offline">use it without a connection</a>).</div>

<h2>Chapters</h2>
<p>Start with the welcome chapter: it shows how notebooks work. Each link opens one chapter; "in JupyterLab"
opens it in the full interface, with the list of files.</p>
<ul class="nb">
{chapters}
</ul>

<h2>Practise</h2>
<p>Spaced repetition over the whole question bank, or one topic, and a timed mock MBLEx.</p>
<ul class="nb">
{practice}
</ul>

<h2>The two apps</h2>
<ul class="nb">
{apps}
</ul>

<h2>Your work and your progress stay in this browser</h2>
<p>What you change in a notebook and every practice answer are saved in this browser's storage for this site
(the storage named <code>{storage}</code>), not on a server. Your practice progress is the file
<code>{progress}</code>: you see it in the file list (JupyterLab, or <i>File &gt; Open</i>).</p>
<ul>
<li><b>Start the practice again from zero:</b> delete <code>{progress}</code> (right-click it &gt; Delete).</li>
<li><b>Keep a copy, or carry on on another device:</b> right-click the file &gt; Download; on the other device,
make a folder <code>my-progress</code> and upload the file into it.</li>
<li>Clearing this site's data in the browser settings, or a private window, removes all of it.</li>
</ul>

<h2 id="offline">Use it without a connection</h2>
<section id="nmt-offline" aria-labelledby="offline">
<p>The whole course (about {size}&nbsp;MB) can be kept in this browser, so that it opens and runs with no
internet connection: on a train, in a clinic, anywhere. It is saved by itself the first time you open a
chapter, while you work; a note at the bottom of the chapter says when it is done.</p>
<div id="nmt-offline-state" class="offline-state" role="status" aria-live="polite">Checking whether the course
is saved on this device&hellip;</div>
<p><button type="button" class="save" id="nmt-offline-save">Save the course on this device now</button></p>
<p>When your school publishes a new version, the next visit with a connection takes it in (only the files
that changed are downloaded again). To remove the saved copy, clear this site's data in the browser's
settings; that also removes your progress.</p>
</section>

<h2>Graded quizzes are not here</h2>
<p>The graded quizzes are released by your school through its JupyterHub, with nbgrader: open the hub address
your instructor gives you, go to the <i>Assignments</i> list, fetch the quiz, answer it and submit it there.
Nothing on this site is graded or sent to anyone.</p>
</main>
{offline_script}
</body>
</html>
"""
