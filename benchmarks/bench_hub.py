"""Issue 15: memory per student on the class hub, and how many students this machine holds.

Starts the shipped hub (deploy/hub/) as the hub tests do, with N student
accounts, starts every student's server, opens the muscle explorer in a
kernel of each (the code of notebooks/apps/explorer.ipynb, run through the
kernel's websocket as JupyterLab runs it), waits for the memory to settle,
and reads from /proc what each student's processes use (their server and
their kernel, all processes of their account):

- USS: memory only that student's processes use (freed when they stop);
- PSS: USS plus a fair share of what they share with others (the
  environment's libraries, mapped by every student): the sum over all
  students is what they really take together;
- RSS: what ``top`` shows, counting shared pages again for everyone.

Prints each student's figures, the medians, the hub's own (hub, proxy,
course service), and how many students fit in the memory this machine had
available before the hub started, at the median PSS. Target: under 250 MB
per student. Needs root (it makes unix accounts, which it removes again).

    sudo .venv/bin/python benchmarks/bench_hub.py [--students 4] [--settle 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from deploy.hub_env import hub_environment  # noqa: E402 - the tests' own hub, reused
from deploy.hubctl import ClassHub  # noqa: E402

EXPLORER = "".join(
    "".join(c["source"]) + "\n"
    for c in json.loads((ROOT / "notebooks" / "apps" / "explorer.ipynb").read_text())["cells"] if c["cell_type"] == "code"
)


def _memory(pid: int) -> tuple[int, int, int]:
    """(USS, PSS, RSS) of one process in bytes, from smaps_rollup."""
    fields = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, value, *_ = line.split()
            fields[key.rstrip(":")] = int(value) * 1024
    except (OSError, ValueError):
        return 0, 0, 0
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return uss, fields.get("Pss", 0), fields.get("Rss", 0)


def _processes(*, uid: int | None = None, contains: tuple[str, ...] = ()) -> list[int]:
    """Processes of account ``uid`` (if given) whose command line holds every one of ``contains``."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        owner = int(next(line.split()[1] for line in status.splitlines() if line.startswith("Uid:")))
        if (uid is None or owner == uid) and all(c in cmd for c in contains):
            pids.append(int(proc.name))
    return pids


def _total(pids: list[int]) -> tuple[int, int, int]:
    figures = [_memory(p) for p in pids]
    return tuple(sum(f[i] for f in figures) for i in range(3))  # type: ignore[return-value]


def _available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no MemAvailable in /proc/meminfo")


async def _run_code(ws_url: str, token: str, code: str, timeout: float = 300) -> str:
    """Execute ``code`` in a kernel over its websocket; the reply's status (and any error's name)."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}, request_timeout=60))
    msg_id = uuid.uuid4().hex
    await conn.write_message(json.dumps({
        "header": {"msg_id": msg_id, "username": "bench", "session": uuid.uuid4().hex, "msg_type": "execute_request", "version": "5.3"},
        "parent_header": {}, "metadata": {}, "channel": "shell",
        "content": {"code": code, "silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
    }))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(conn.read_message(), deadline - time.monotonic())
            if raw is None:
                return "closed"
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["header"]["msg_type"] == "execute_reply":
                content = msg["content"]
                return content["status"] + (f" ({content.get('ename')})" if content["status"] != "ok" else "")
        return "timed out"
    finally:
        conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=4, help="student servers to start (default 4)")
    parser.add_argument("--settle", type=float, default=20, help="seconds to wait after the explorers open (default 20)")
    args = parser.parse_args()

    started = time.monotonic()
    env = hub_environment()
    print(f"hub environment: {env.path} ({f'built in {env.build_seconds:.0f} s' if env.build_seconds else 'from the cache'})")
    available_before = _available()
    hub = ClassHub(env, instructors=1, students=args.students)
    try:
        hub.make_accounts()
        hub.make_course(lambda course: None)
        hub.write_config()
        hub.start()
        hub.service_ready(hub.instructors[0])
        for s in hub.students:
            hub.api("POST", f"/hub/api/users/{s.name}/server", token=s.token, expect=(201, 202))
        for s in hub.students:
            hub.spawn(s)
        outcomes = {}
        for s in hub.students:
            kernel = hub.api("POST", f"/user/{s.name}/api/kernels", token=s.token, json={"name": "python3"})
            ws = hub.url.replace("http", "ws", 1) + f"/user/{s.name}/api/kernels/{kernel['id']}/channels"
            t0 = time.monotonic()
            outcomes[s.name] = (asyncio.run(_run_code(ws, s.token, EXPLORER)), time.monotonic() - t0)
        time.sleep(args.settle)
        rows = [(s.name, *_total(_processes(uid=s.uid)), len(_processes(uid=s.uid))) for s in hub.students]
        hub_side = _total(
            _processes(contains=(str(hub.etc),)) + _processes(contains=("configurable-http-proxy", str(hub.proxy_api_port))) + _processes(uid=hub.grader.uid)
        )
    finally:
        forced = hub.stop()
    mb = 1024 * 1024
    print(f"\n{'student':14} {'explorer':>10} {'opened in':>10} {'procs':>6} {'USS MB':>8} {'PSS MB':>8} {'RSS MB':>8}")
    for name, uss, pss, rss, procs in rows:
        status, secs = outcomes[name]
        print(f"{name:14} {status:>10} {secs:>9.1f}s {procs:>6} {uss / mb:>8.0f} {pss / mb:>8.0f} {rss / mb:>8.0f}")
    med = {k: statistics.median(r[i] for r in rows) / mb for k, i in (("uss", 1), ("pss", 2), ("rss", 3))}
    print(f"{'median':14} {'':>10} {'':>10} {'':>6} {med['uss']:>8.0f} {med['pss']:>8.0f} {med['rss']:>8.0f}")
    print(f"hub, proxy and course service: USS {hub_side[0] / mb:.0f} MB, PSS {hub_side[1] / mb:.0f} MB")
    room = available_before / mb - hub_side[1] / mb
    print(f"\nmemory available before the hub started: {available_before / mb:.0f} MB")
    print(f"students that fit after the hub's own {hub_side[1] / mb:.0f} MB, at the median PSS of {med['pss']:.0f} MB each: {int(room // med['pss'])}")
    print(f"target: under 250 MB per student (server + kernel with the explorer open): {'met' if med['pss'] < 250 else 'NOT met'} (PSS)")
    print(f"whole run: {time.monotonic() - started:.0f} s")
    if forced:
        print(f"warning: had to end these by force: {forced}")
    return 0 if all(o[0] == "ok" for o in outcomes.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
