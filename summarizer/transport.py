"""The batch client's HTTP transport: httpx's own, with a cheaper check of idle connections.

httpcore's connection pool asks every idle connection whether the server has closed it, each
time a request starts or ends. Through the anyio backend each answer built a dict of the
socket's attributes and asked the kernel for the peer's address before polling the socket: at
concurrency 32, about 16 % of the event loop's time went there (py-spy, 500 documents), time a
freed request slot waited for before its next request went out. Here the same question is one
poll of the socket, which each stream looks up once.

Everything else is httpx's transport and httpcore's pool and anyio streams, unchanged: reads,
writes, TLS, timeouts and their exceptions.
"""

from __future__ import annotations

import select
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx


def socket_readable(sock: socket.socket | None) -> bool:
    """Whether `sock` has data or an end of file waiting (an idle HTTP/1.1 connection that
    reads as ready was closed by the server). A closed socket counts as readable."""
    if sock is None:
        return False
    fd = sock.fileno()
    if fd < 0:
        return True
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    ready, _, _ = select.select([fd], [], [], 0)
    return bool(ready)


class _Stream(httpcore.AsyncNetworkStream):
    """An httpcore stream whose "is_readable" is a poll of its socket, found once."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._socket: socket.socket | None = inner.get_extra_info("socket")

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        if info == "is_readable":
            return socket_readable(self._socket)
        return self._inner.get_extra_info(info)


class _Backend(httpcore.AsyncNetworkBackend):
    """httpcore's anyio backend, its streams wrapped in `_Stream`."""

    def __init__(self) -> None:
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _Stream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return _Stream(await self._inner.connect_unix_socket(path, timeout, socket_options))

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


def transport(limits: httpx.Limits) -> httpx.AsyncHTTPTransport:
    """httpx's async transport with `limits`, its pool connecting through `_Backend`.

    httpx does not take a network backend, so it is set on the pool the transport made; with a
    transport that has no such pool (another httpx), it is left as httpx made it
    (`uses_fast_backend` tells).
    """
    made = httpx.AsyncHTTPTransport(limits=limits)
    pool = getattr(made, "_pool", None)
    if isinstance(pool, httpcore.AsyncConnectionPool) and hasattr(pool, "_network_backend"):
        pool._network_backend = _Backend()
    return made


def uses_fast_backend(made: httpx.AsyncBaseTransport) -> bool:
    pool = getattr(made, "_pool", None)
    return isinstance(getattr(pool, "_network_backend", None), _Backend)
