"""The Bot API request path of python-telegram-bot on aiohttp (`TELEGRAM_HTTP_CLIENT=aiohttp`).

PTB accepts any `telegram.request.BaseRequest`; its own is on httpx. `AiohttpRequest` does
the same job on one `aiohttp.ClientSession` whose connector keeps at most `pool_size`
connections open (TELEGRAM_CONNECTION_POOL_SIZE), and is lighter on the event loop (see
the README's Performance section for the figures). It keeps PTB's contract:

- the timeouts of PTB (read, write, connect, pool; per call or the defaults given here):
  `connect` bounds the TCP connect, `pool + connect` the wait for a connection, `read`
  the wait for each piece of the answer, and the whole request is bounded by the sum of
  the four (aiohttp has no separate write timeout; a write that stalls ends there);
- PTB's own errors: `TimedOut` for a timeout, `NetworkError` for any other failure of
  the transport, with the aiohttp error as `__cause__` (its type name says whether the
  request left this process: `ClientConnectorError`, `ConnectionTimeoutError` did not),
  so PTB's handling and the reply limiter's retries work as with httpx;
- parameters as a form (as PTB's httpx request sends them), files as multipart.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

USER_AGENT = BaseRequest.USER_AGENT


def _pick(value: Any, default: float | None) -> float | None:
    return default if isinstance(value, type(BaseRequest.DEFAULT_NONE)) else value


def _sum(*parts: float | None) -> float | None:
    """None (no limit) when any part is unlimited."""
    return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on aiohttp; the defaults are PTB's (`HTTPXRequest`'s)."""

    def __init__(self, pool_size: int = 256, *, read_timeout: float | None = 5.0,
                 write_timeout: float | None = 5.0, connect_timeout: float | None = 5.0,
                 pool_timeout: float | None = 1.0, media_write_timeout: float | None = 20.0
                 ) -> None:
        self.pool_size = pool_size
        self._read = read_timeout
        self._write = write_timeout
        self._connect = connect_timeout
        self._pool = pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.pool_size, limit_per_host=0,
                                             ttl_dns_cache=300, keepalive_timeout=30)
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": USER_AGENT},
                timeout=aiohttp.ClientTimeout(total=None), skip_auto_headers=("Accept",),
                raise_for_status=False)

    async def shutdown(self) -> None:
        session, self._session = self._session, None
        if session is not None and not session.closed:
            await session.close()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE,
                         write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        read = _pick(read_timeout, self._read)
        connect = _pick(connect_timeout, self._connect)
        pool = _pick(pool_timeout, self._pool)
        write = _pick(write_timeout, self._media_write if files else self._write)
        timeout = aiohttp.ClientTimeout(total=_sum(read, write, connect, pool),
                                        connect=_sum(pool, connect), sock_connect=connect,
                                        sock_read=read)
        data: Any = None
        if files:
            form = aiohttp.FormData(quote_fields=False)
            for name, value in request_data.json_parameters.items():  # type: ignore[union-attr]
                form.add_field(name, value)
            for name, field in files.items():
                filename, content, *rest = field
                form.add_field(name, content, filename=filename,
                               content_type=rest[0] if rest else None)
            data = form
        elif request_data is not None:
            data = request_data.json_parameters or None
        try:
            async with session.request(method, url, data=data, timeout=timeout) as resp:
                return resp.status, await resp.read()
        except TimeoutError as err:  # aiohttp's are both
            raise TimedOut(f"Timed out ({type(err).__name__})") from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{type(err).__name__}: {err}") from err
        except OSError as err:  # a socket error aiohttp did not wrap
            raise NetworkError(f"{type(err).__name__}: {err}") from err
