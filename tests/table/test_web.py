"""The host's guard in front of textual-serve: origins, clients, and the seat command."""

from __future__ import annotations

import os
import shlex

import pytest

from wargame.table.web import (
    SeatServer,
    allowed_origins,
    client_of,
    origin_refusal,
    parse_envelope,
)


def test_a_host_on_this_machine_accepts_its_page_under_every_loopback_name() -> None:
    allowed = allowed_origins("127.0.0.1", 8000)
    for origin in ("http://127.0.0.1:8000", "http://localhost:8000", "http://LOCALHOST:8000"):
        assert origin_refusal(origin, allowed) is None, origin
    for origin in (
        "http://evil.example",
        "http://evil.example:8000",
        "http://127.0.0.1:8001",  # another program on this machine
        "https://127.0.0.1:8000",
        "null",
        "http://127.0.0.1:8000.evil.example",
    ):
        assert origin_refusal(origin, allowed) is not None, origin
    assert "no Origin header" in str(origin_refusal(None, allowed))


def test_a_host_on_the_room_network_accepts_only_its_own_address() -> None:
    allowed = allowed_origins("192.168.1.20", 8080)
    assert origin_refusal("http://192.168.1.20:8080", allowed) is None
    assert origin_refusal("http://localhost:8080", allowed) is not None
    assert origin_refusal("http://[::1]:8000", allowed_origins("::1", 8000)) is None


@pytest.mark.parametrize(
    ("remote", "client"),
    [
        ("192.168.1.20", "192.168.1.20"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),  # one machine's many addresses
        (None, "unknown"),
    ],
)
def test_a_client_is_an_address_or_an_ipv6_network(remote: str | None, client: str) -> None:
    assert client_of(remote) == client


def test_each_seat_is_told_its_client_and_its_host_and_is_execd() -> None:
    server = SeatServer(
        "python -m wargame join t.db --table t1",
        host="127.0.0.1",
        port=8000,
        title="t",
        max_processes=4,
    )
    command = server.seat_command("10.0.0.5; rm -rf ~")
    assert shlex.split(command) == [
        "exec",
        "env",
        "WARGAME_SEAT_CLIENT=10.0.0.5; rm -rf ~",
        f"WARGAME_HOST_PID={os.getpid()}",
        *["python", "-m", "wargame", "join", "t.db", "--table", "t1"],
    ]


def test_browser_messages_pass_checked() -> None:
    assert parse_envelope('["stdin", "q"]') is not None
    resize = parse_envelope('["resize", {"width": 100000, "height": 0}]')
    assert resize is not None and (resize.width, resize.height) == (500, 8)
    for bad in ('["resize", {"width": true, "height": 3}]', '["quit"]', "{}", "[1]", "not json"):
        assert parse_envelope(bad) is None, bad
