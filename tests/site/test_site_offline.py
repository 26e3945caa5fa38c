"""The site without a connection: after one visit, the whole course opens and runs with its server gone,
practice included.

Each test serves its own copy of the built site, so that it can stop the
server (the port then refuses connections, as a host out of reach would) or
publish a changed version. Every request to any other host is refused and
counted, as in the other site tests.
"""

# ruff: noqa: F811  (the fixtures are imported from site_fixtures by name: see its docstring)

from __future__ import annotations

import re
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

import pytest
from lite_page import (
    NOTES_LOG,
    answer_first_question,
    errors,
    mark_cell,
    outputs,
    practice_counts,
    practice_status,
    run_all,
    run_cell,
    scroll_to,
    wait_for_notebook,
    wait_for_python,
)
from site_fixtures import Gate, built_site, gate, open_context, serve, shot, site_browser  # noqa: F401

from nmt_course.site.offline import CACHE_PREFIX as PREFIX
from nmt_course.site.offline import MANIFEST_KEY, add_offline_worker, offline_files

pytestmark = pytest.mark.slow

CHAPTER = "03-trigger-points-and-referred-pain.ipynb"
#: installed before any page script: records every text the offline note shows on a notebook page
OFFLINE_LOG = NOTES_LOG.replace("__nmtNotes", "__nmtOfflineNotes").replace("nmt-kernel-status'", "nmt-offline-status'")
KEPT = """async () => { const out = {};
  for (const name of await caches.keys()) {
    if (name.startsWith('nmt-course-offline-')) out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
  }
  return out; }"""


@pytest.fixture
def own_site(built_site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    return copy


def _urls(base: str, files: dict[str, str]) -> set[str]:
    return {f"{base}/{quote(rel)}" for rel in files} | {f"{base}/{MANIFEST_KEY}"}


def _saved_on_welcome(page) -> str:
    page.wait_for_function("() => /course is saved on this device/.test("
                           "document.getElementById('nmt-offline-state').innerText)", timeout=300_000)
    return page.inner_text("#nmt-offline-state")


def _until(page, predicate: str, *, timeout: float = 300) -> None:
    """Poll an async predicate in the page (``wait_for_function`` does not wait for a promise) until it is true."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(predicate):
        assert time.monotonic() < deadline, f"not true after {timeout} s: {predicate}"
        page.wait_for_timeout(500)


def test_after_one_visit_the_course_opens_and_runs_with_the_server_gone(site_browser, gate: Gate, own_site: Path) -> None:
    listed = offline_files(own_site)
    with serve(own_site) as (served, stop):
        context = open_context(site_browser, served, gate)
        context.add_init_script(NOTES_LOG)
        context.add_init_script(OFFLINE_LOG)
        try:
            # the first visit: a chapter, and the note that the course is being saved, then saved
            page = context.new_page()
            page.goto(f"{served.base}/lab/index.html?path={CHAPTER}")
            wait_for_notebook(page, CHAPTER)
            wait_for_python(page)
            page.wait_for_selector("#nmt-offline-status.nmt-kernel-status--ready", state="attached", timeout=300_000)
            notes = page.evaluate("() => window.__nmtOfflineNotes")
            assert any(re.search(r"Saving the course on this device.*\d+ %", n) for n in notes), notes
            assert "whole course is saved on this device" in notes[-1], notes
            shot(page, "offline-saved-note")
            (name, urls), = page.evaluate(KEPT).items()  # one copy: this build's
            assert name.startswith(PREFIX) and name.endswith("-" + listed.build), name
            assert set(urls) == _urls(served.base, listed.files)  # every file, nothing else
            page.close()

            stop()  # the host is gone
            with pytest.raises(urllib.error.URLError):
                urllib.request.urlopen(served.base + "/index.html", timeout=5)

            page = context.new_page()
            failed: list[str] = []
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.goto(served.base + "/")
            assert "saved on this device" in _saved_on_welcome(page)
            page.locator("#nmt-offline").scroll_into_view_if_needed()
            shot(page, "offline-welcome")
            page.evaluate("() => window.scrollTo(0, 0)")
            link = page.get_by_role("link", name="3. Trigger points and referred pain", exact=True)
            assert link.get_attribute("href") == f"notebooks/index.html?path={CHAPTER}"
            link.click()
            wait_for_notebook(page, CHAPTER)
            wait_for_python(page)
            run_all(page)
            assert errors(outputs(page)) == []
            index = scroll_to(page, 'body_map(muscles=["upper-trapezius"]')
            page.wait_for_function(
                "(i) => !!window.jupyterapp.shell.currentWidget.content.widgets[i].node"
                ".querySelector('.js-plotly-plot .scatterlayer .trace')", arg=index, timeout=120_000)
            shot(page, "offline-chapter-03-body-map")

            # practice, still offline: a card answered, the counts move and stay after a reload
            page.goto(f"{served.base}/notebooks/index.html?path=practice.ipynb")
            wait_for_notebook(page, "practice.ipynb")
            wait_for_python(page)
            run_cell(page, "Practice()")
            cell = mark_cell(page, scroll_to(page, "Practice()"), "practice")
            page.wait_for_selector(f"{cell} .nmt-practice .nmt-question")
            before = practice_status(practice_counts(page, cell))
            answer_first_question(page, f"{cell} .nmt-practice .nmt-question")
            page.wait_for_function("([cell, line]) => !document.querySelector(cell + ' .nmt-practice').innerText"
                                   ".includes(line)", arg=[cell, before])
            after = practice_status(practice_counts(page, cell))
            shot(page, "offline-practice-answered")
            page.reload()
            wait_for_notebook(page, "practice.ipynb")
            wait_for_python(page)
            run_cell(page, "Practice()")
            cell = mark_cell(page, scroll_to(page, "Practice()"), "practice")
            page.wait_for_selector(f"{cell} .nmt-practice .nmt-question")
            assert practice_status(practice_counts(page, cell)) == after != before
            # what could not be had: only paths the site does not have either (Notebook's busy-tab icons, a 404
            # online too); every file of the site came from the saved copy
            missing = {url.removeprefix(served.base + "/").split("?")[0] for url in failed
                       if not url.startswith(("blob:", "data:"))}
            assert not any((own_site / rel).exists() for rel in missing), sorted(missing)
        finally:
            context.close()
    assert gate.attempts == []


def test_a_new_version_replaces_the_saved_copy_and_fetches_only_the_files_that_changed(
        site_browser, gate: Gate, own_site: Path) -> None:
    first = offline_files(own_site)
    with serve(own_site) as (served, stop):
        context = open_context(site_browser, served, gate)
        try:
            # saved from the welcome page's button, without opening a chapter
            page = context.new_page()
            page.goto(served.base + "/")
            page.wait_for_function("() => /Not saved on this device yet/.test("
                                   "document.getElementById('nmt-offline-state').innerText)")
            page.locator("#nmt-offline").scroll_into_view_if_needed()
            shot(page, "offline-welcome-not-saved")
            page.get_by_role("button", name="Save the course on this device now").click()
            assert "whole course is saved" in _saved_on_welcome(page)
            (name, _urls_kept), = page.evaluate(KEPT).items()
            assert name.endswith("-" + first.build), name

            # the school publishes a new version: the welcome page and a stylesheet changed
            welcome = own_site / "index.html"
            welcome.write_text(welcome.read_text(encoding="utf-8").replace(
                "<h2>Chapters</h2>", "<h2>Chapters</h2>\n<p id='new-version'>Updated for the spring term.</p>", 1),
                encoding="utf-8")
            with (own_site / "nmt-course" / "nmt-site.css").open("a", encoding="utf-8") as f:
                f.write("/* spring term */\n")
            second = add_offline_worker(own_site)
            changed = {rel for rel, digest in second.files.items() if first.files.get(rel) != digest}
            assert changed == {"index.html", "nmt-course/nmt-site.css"} and second.build != first.build
            served.asked.clear()

            page.reload()  # the browser finds the new worker; it saves its own copy, from the old one where it can
            _until(page, f"""async () => {{
                const names = (await caches.keys()).filter(n => n.startsWith('{PREFIX}'));
                if (names.length !== 1 || !names[0].endsWith('-{second.build}')) return false;
                const keys = await (await caches.open(names[0])).keys();
                return keys.some(r => r.url.endsWith('/{MANIFEST_KEY}')); }}""")
            (name, urls), = page.evaluate(KEPT).items()
            assert set(urls) == _urls(served.base, second.files)
            fetched = set(served.asked)
            assert fetched - {"/service-worker.js"} == {"/index.html", "/nmt-course/nmt-site.css"}, sorted(fetched)
            page.close()

            stop()
            page = context.new_page()
            page.goto(served.base + "/")
            _saved_on_welcome(page)
            assert page.inner_text("#new-version") == "Updated for the spring term."  # the new version, offline
        finally:
            context.close()
    assert gate.attempts == []
