"""What students and instructors do on the hub, as the hub's own pages and extensions do it over HTTP.

Students fetch and submit through nbgrader's Assignments extension
(``/user/NAME/assignments/...``) and edit their notebook through Jupyter's
contents API, as JupyterLab does when they type and save. Instructors use
formgrader's API in the course service (``/services/COURSE/formgrader/api``),
as formgrader's pages do. Every call carries the person's own token.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from .hubctl import COURSE_ID, Account, ClassHub

__all__ = ["assignment_action", "read_notebook", "write_notebook", "answer", "list_files", "read_text", "formgrader"]


def assignment_action(hub: ClassHub, who: Account, action: str, quiz: str) -> Any:
    """``fetch``, ``submit`` or ``fetch_feedback``, as the Assignment List's buttons do; nbgrader's answer."""
    data = hub.api(
        "POST", f"/user/{who.name}/assignments/{action}", token=who.token,
        data={"course_id": COURSE_ID, "assignment_id": quiz},
    )
    if not data.get("success", False):
        raise AssertionError(f"{who.name}: {action} {quiz} failed: {data}")
    return data["value"]


def _contents(who: Account, path: str) -> str:
    return f"/user/{who.name}/api/contents/{PurePosixPath(path)}"


def read_notebook(hub: ClassHub, who: Account, path: str) -> dict:
    return hub.api("GET", _contents(who, path) + "?content=1&type=notebook", token=who.token)["content"]


def write_notebook(hub: ClassHub, who: Account, path: str, nb: dict) -> None:
    hub.api("PUT", _contents(who, path), token=who.token, json={"type": "notebook", "format": "json", "content": nb})


def answer(nb: dict, answers: dict[str, str]) -> dict:
    """Type each answer into its cell (cells found by id, ``<question>-a`` or the written cell itself)."""
    cells = {c["id"]: c for c in nb["cells"]}
    for cell_id, source in answers.items():
        cells[cell_id]["source"] = source
    return nb


def list_files(hub: ClassHub, who: Account, path: str) -> list[dict]:
    return hub.api("GET", _contents(who, path) + "?content=1", token=who.token)["content"]


def read_text(hub: ClassHub, who: Account, path: str) -> str:
    return hub.api("GET", _contents(who, path) + "?content=1&format=text&type=file", token=who.token)["content"]


def write_text(hub: ClassHub, who: Account, path: str, text: str) -> None:
    hub.api("PUT", _contents(who, path), token=who.token, json={"type": "file", "format": "text", "content": text})


def formgrader(hub: ClassHub, who: Account, method: str, path: str, **kw: Any) -> Any:
    """A call to formgrader's API in the course service, with an instructor's token."""
    return hub.api(method, f"/services/{COURSE_ID}/formgrader/api/{path}", token=who.token, **kw)
