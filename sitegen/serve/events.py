"""The event stream to open pages: server-sent events ("reload", "errors") broadcast to every connection."""

from __future__ import annotations

import json
import queue
import threading

from sitegen.serve.options import BuildOutcome


class Broadcast:
    """Server-sent events to every open page: one queue per connection, None closes it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: set[queue.Queue[bytes | None]] = set()

    def subscribe(self) -> queue.Queue[bytes | None]:
        client: queue.Queue[bytes | None] = queue.Queue()
        with self._lock:
            self._clients.add(client)
        return client

    def unsubscribe(self, client: queue.Queue[bytes | None]) -> None:
        with self._lock:
            self._clients.discard(client)

    def send(self, event: str, data: str) -> None:
        message = sse_message(event, data)
        with self._lock:
            for client in self._clients:
                client.put(message)

    def close(self) -> None:
        with self._lock:
            for client in self._clients:
                client.put(None)


def sse_message(event: str, data: str) -> bytes:
    lines = "".join(f"data: {line}\n" for line in data.split("\n"))
    return f"event: {event}\n{lines}\n".encode()


def errors_json(outcome: BuildOutcome) -> str:
    """The data of an "errors" event: the failed build's problems, each as `path:line: message`."""
    return json.dumps({"errors": list(outcome.errors)}, ensure_ascii=False)
