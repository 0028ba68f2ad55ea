"""Serving seats to browsers: textual-serve, with the page's origin checked, the seat
processes capped, and each seat told which browser it serves.

textual-serve starts one `wargame join` process per browser websocket, for anyone who can
reach the port. `SeatServer` overrides its public websocket handler (`handle_websocket`,
which the server routes `/ws` to) and builds the seat from textual-serve's public
`AppService`, so that:

- a websocket whose `Origin` is not the page this host serves is refused (403): another
  web site open in a player's browser cannot start seats on the host;
- at most `max_processes` seat processes run at once (503 beyond it);
- each seat process gets the browser's address (`WARGAME_SEAT_CLIENT`, for throttling
  wrong codes per client) and the host's process id (`WARGAME_HOST_PID`, to die with it);
- what a browser sends is checked before it reaches the seat (`parse_envelope`): anything
  malformed is dropped, never an exception in the server.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import logging
import os
import shlex
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from wargame.table.lifeline import HOST_PID_ENV
from wargame.table.replica import SEAT_CLIENT_ENV

log = logging.getLogger("wargame.host")

SEAT_PROCESSES_PER_CODE = 2
"""Default cap: two seat processes per join code (a seat and its reopened tab, while the
closed one's connection times out). Each process takes about 55 MB."""
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
MAX_STDIN = 64 * 1024
"""The most text one keyboard or paste message may carry to a seat."""
MAX_PING = 256
TERMINAL_WIDTHS = (20, 500)
TERMINAL_HEIGHTS = (8, 200)


def allowed_origins(host: str, port: int) -> frozenset[str]:
    """The origins of the pages this host serves: its own address (all loopback names when
    it serves this machine only, as a browser may call it `localhost`)."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    names = set(LOOPBACK) if shown in LOOPBACK else {shown}
    return frozenset(f"http://{name}:{port}" for name in names)


def origin_refusal(origin: str | None, allowed: frozenset[str]) -> str | None:
    """Why a websocket from a page of `origin` may not open a seat, or None."""
    if not origin:
        return "no Origin header: seats open only from the page this host serves"
    try:
        parts = urlsplit(origin)
        normal = f"{parts.scheme}://{parts.netloc}".lower()
    except ValueError:
        return "a malformed Origin header"
    if normal not in allowed:
        return f"the page at {origin[:100]!r} is not the one this host serves"
    return None


def client_of(remote: str | None) -> str:
    """Who a websocket comes from, for throttling: its IP address (an IPv6 address by its
    /64 network, which one machine can fill with addresses)."""
    if not remote:
        return "unknown"
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote[:64]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@dataclass(frozen=True, slots=True)
class Envelope:
    """One checked message from a browser to its seat."""

    kind: Literal["stdin", "resize", "ping", "blur", "focus"]
    text: str = ""
    width: int = 0
    height: int = 0


def parse_envelope(message: str) -> Envelope | None:
    """A browser's websocket message (`["stdin", "..."]`, `["resize", {...}]`, ...) checked;
    None for anything malformed or unknown, whatever the browser sent."""
    if len(message) > MAX_STDIN * 8:
        return None
    try:
        envelope = json.loads(message)
    except (ValueError, RecursionError):
        return None
    if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
        return None
    kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
    if kind == "stdin" and isinstance(data, str) and len(data) <= MAX_STDIN:
        return Envelope("stdin", text=data)
    if kind == "resize" and isinstance(data, dict):
        width, height = data.get("width"), data.get("height")
        if _is_int(width) and _is_int(height):
            width, height = _clamp(width, TERMINAL_WIDTHS), _clamp(height, TERMINAL_HEIGHTS)
            return Envelope("resize", width=width, height=height)
        return None
    if kind == "ping" and isinstance(data, str) and len(data) <= MAX_PING:
        return Envelope("ping", text=data)
    if kind == "blur":
        return Envelope("blur")
    if kind == "focus":
        return Envelope("focus")
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _clamp(value: Any, bounds: tuple[int, int]) -> int:
    return max(bounds[0], min(bounds[1], int(value)))


def terminal_size(query: Any) -> tuple[int, int]:
    """The first terminal size a page asks for, within sane bounds (80x24 if unreadable)."""
    sizes = []
    for key, default, bounds in (("width", 80, TERMINAL_WIDTHS), ("height", 24, TERMINAL_HEIGHTS)):
        text = str(query.get(key, default))
        readable = text.isascii() and text.isdigit() and len(text) < 6
        sizes.append(_clamp(int(text), bounds) if readable else default)
    return sizes[0], sizes[1]


class SeatServer(Server):
    """textual-serve's server, guarded: see the module's docstring."""

    def __init__(
        self,
        join_command: str,
        *,
        host: str,
        port: int,
        title: str,
        max_processes: int,
    ) -> None:
        super().__init__(join_command, host=host, port=port, title=title)
        self.join_command = join_command
        self.max_processes = max_processes
        self.origins = allowed_origins(host, port)
        self.processes = 0
        """Seat processes running now."""
        self.refused: dict[int, int] = {}
        """Websockets refused so far, by HTTP status (403 origin, 503 cap)."""

    def seat_command(self, client: str) -> str:
        """The shell command of one seat: the join command, told its client and its host,
        run with `exec` so the host is the seat's parent (the parent-death signal)."""
        env = f"{SEAT_CLIENT_ENV}={shlex.quote(client)} {HOST_PID_ENV}={os.getpid()}"
        return f"exec env {env} {self.join_command}"

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        why = origin_refusal(request.headers.get("Origin"), self.origins)
        if why is not None:
            raise self._refuse(web.HTTPForbidden, f"refused a seat: {why}")
        if self.processes >= self.max_processes:
            raise self._refuse(
                web.HTTPServiceUnavailable,
                f"refused a seat: {self.max_processes} seat processes are running already "
                "(wargame host --max-seat-processes raises the limit)",
            )
        self.processes += 1
        try:
            return await self.serve_seat(request)
        finally:
            self.processes -= 1

    def _refuse(self, refusal: type[web.HTTPError], why: str) -> web.HTTPError:
        self.refused[refusal.status_code] = self.refused.get(refusal.status_code, 0) + 1
        log.warning(why)
        return refusal(text=why)

    async def serve_seat(self, request: web.Request) -> web.WebSocketResponse:
        """Run one `wargame join` for this websocket and relay between them until either ends."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width, height = terminal_size(request.query)
        service: AppService | None = None

        async def close() -> None:
            await websocket.close()

        try:
            await websocket.prepare(request)
            service = AppService(
                self.seat_command(client_of(request.remote)),
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await relay(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a seat's failure never stops the server
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
        return websocket


async def relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """Pass each checked browser message to the seat process."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        envelope = parse_envelope(str(message.data))
        if envelope is None:
            continue
        if envelope.kind == "stdin":
            await service.send_bytes(envelope.text.encode("utf-8", "replace"))
        elif envelope.kind == "resize":
            await service.set_terminal_size(envelope.width, envelope.height)
        elif envelope.kind == "ping":
            await websocket.send_json(["pong", envelope.text])
        elif envelope.kind == "blur":
            await service.blur()
        else:
            await service.focus()
