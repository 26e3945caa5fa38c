"""A terminal in someone's Jupyter server, typed into over its websocket, as the Terminal tab does.

The tests run the instructor's commands (``nmt-course grade``, ``nbgrader
collect``) and the students' attempts to read what is not theirs this way:
through the hub and the proxy, in a shell of the server's own account, with
that person's token. :meth:`Terminal.run` types a command and waits for its
exit status, which a marker line carries back. The websocket lives on an
event loop in a thread of its own, because Playwright's synchronous API
keeps an event loop running in the test's thread.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import threading
import time
from collections.abc import Coroutine
from typing import Any

import requests

__all__ = ["Terminal", "CommandFailed"]

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


class CommandFailed(AssertionError):
    pass


class Terminal:
    """``base`` is the server's URL (``http://127.0.0.1:P/user/NAME/`` or ``.../services/COURSE/``)."""

    def __init__(self, base: str, token: str) -> None:
        self.base = base if base.endswith("/") else base + "/"
        self.headers = {"Authorization": f"token {token}"}
        r = requests.post(self.base + "api/terminals", headers=self.headers, timeout=60)
        r.raise_for_status()
        self.name = r.json()["name"]
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name=f"terminal-{self.name}", daemon=True)
        self.thread.start()
        self.conn = self._call(self._connect(), 90)
        self._send(["set_size", 50, 400])  # long lines are not wrapped
        self.pending = ""

    async def _connect(self) -> Any:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = "ws" + self.base[len("http"):] + f"terminals/websocket/{self.name}"
        return await websocket_connect(HTTPRequest(url, headers=self.headers, request_timeout=60))

    def _call(self, coro: Coroutine[Any, Any, Any], timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout + 5)

    def _send(self, message: list[Any]) -> None:
        async def send() -> None:
            await self.conn.write_message(json.dumps(message))

        self._call(send(), 30)

    def _read(self, timeout: float) -> str | None:
        async def one() -> Any:
            return await asyncio.wait_for(self.conn.read_message(), timeout)

        try:
            raw = self._call(one(), timeout)
        except asyncio.TimeoutError:
            return ""
        if raw is None:
            return None
        kind, *rest = json.loads(raw)
        return "".join(rest) if kind == "stdout" else ""

    def start(self, command: str) -> str:
        """Type ``command`` (and the marker that reports its exit status); return the marker to wait for."""
        marker = secrets.token_hex(4)
        self._send(["stdin", f"{command}; echo __{marker}__$?__\r"])
        return marker

    def wait(self, marker: str, *, timeout: float = 300) -> tuple[int, str]:
        """What the command printed, and its exit status, once it has finished."""
        done = re.compile(rf"__{marker}__(\d+)__")
        deadline = time.monotonic() + timeout
        while True:
            match = done.search(ANSI.sub("", self.pending))
            if match:
                text = ANSI.sub("", self.pending)
                self.pending = ""
                return int(match.group(1)), text[: match.start()]
            if time.monotonic() > deadline:
                raise CommandFailed(f"no answer in {timeout:.0f} s; the terminal shows:\n{ANSI.sub('', self.pending)[-3000:]}")
            chunk = self._read(min(5.0, max(0.1, deadline - time.monotonic())))
            if chunk is None:
                raise CommandFailed(f"the terminal closed; it showed:\n{ANSI.sub('', self.pending)[-3000:]}")
            self.pending += chunk

    def output_so_far(self) -> str:
        """Read what has arrived (without waiting long) and return everything not yet consumed."""
        chunk = self._read(0.2)
        if chunk:
            self.pending += chunk
        return ANSI.sub("", self.pending)

    def run(self, command: str, *, timeout: float = 300, check: bool = True) -> tuple[int, str]:
        code, text = self.wait(self.start(command), timeout=timeout)
        if check and code != 0:
            raise CommandFailed(f"`{command}` exited with {code}:\n{text[-4000:]}")
        return code, text

    def close(self) -> None:
        async def close() -> None:
            self.conn.close()

        try:
            self._call(close(), 30)
            requests.delete(self.base + f"api/terminals/{self.name}", headers=self.headers, timeout=30)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(30)
            self.loop.close()
