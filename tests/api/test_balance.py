"""The board that evens out keep-alive connections over worker processes."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from api.balance import LoadBoard, Rebalance, create_board


def test_slots_are_claimed_once_and_given_back(tmp_path: Path) -> None:
    path = create_board(2, tmp_path)
    a, b = LoadBoard(path, 2), LoadBoard(path, 2)
    assert {a.slot, b.slot} == {0, 1}
    with pytest.raises(RuntimeError, match="taken"):
        LoadBoard(path, 2)
    a.close()
    c = LoadBoard(path, 2)  # a replacement worker takes the freed slot
    assert c.slot == a.slot
    b.close()
    c.close()
    with pytest.raises(ValueError, match="fewer"):
        LoadBoard(path, 3)


def test_a_worker_over_its_fair_share_is_crowded(tmp_path: Path) -> None:
    path = create_board(2, tmp_path)
    a, b = LoadBoard(path, 2), LoadBoard(path, 2)
    for _ in range(8):
        a.enter()
    for _ in range(8):
        b.enter()
    assert not a.crowded() and not b.crowded()  # 8 and 8
    a.enter()
    b.leave()
    assert a.crowded() and not b.crowded()  # 9 of 16 against 7
    a.leave()
    assert not a.crowded()  # 8 of 15: ceil(15 / 2) = 8


def _request(app: Any) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "http"}, receive, send))
    return sent


async def _ok(scope: Any, receive: Any, send: Any) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": [(b"x", b"1")]})
    await send({"type": "http.response.body", "body": b"{}"})


def test_a_crowded_worker_closes_the_connection_after_answering(tmp_path: Path) -> None:
    path = create_board(2, tmp_path)
    mine, other = LoadBoard(path, 2), LoadBoard(path, 2)
    app = Rebalance(_ok, mine)
    start = _request(app)[0]
    assert (b"connection", b"close") not in start["headers"]  # alone: 1 of 1 is its share
    assert mine.counts[mine.slot] == 0  # the request was counted out again
    for _ in range(3):
        mine.enter()  # three more requests of this worker in flight, none at the other
    start, body = _request(app)
    assert start["status"] == 200 and (b"x", b"1") in start["headers"]
    assert (b"connection", b"close") in start["headers"]
    assert body["body"] == b"{}"
    for _ in range(3):
        other.enter()
    assert (b"connection", b"close") not in _request(app)[0]["headers"]  # 4 of 7
