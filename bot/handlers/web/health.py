"""/healthz: the process answers. /readyz: the database answers and its schema is at the
newest migration (503 otherwise, with the reason, so a load balancer holds traffic back)."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web

from bot.services import Services
from storage.migrate import current_head, database_revision

log = logging.getLogger(__name__)
SERVICES = web.AppKey("services", Services)
READY_TIMEOUT = 5.0


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "alive"})


async def readyz(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    head = current_head()
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            revision = await database_revision(services.engine)
    except Exception as exc:  # any driver error: not ready
        log.warning("readyz: database unreachable: %s", type(exc).__name__)
        return web.json_response({"status": "unavailable", "reason": "database unreachable"},
                                 status=503)
    if revision != head:
        return web.json_response({"status": "unavailable", "reason": "migrations pending",
                                  "database": revision, "head": head}, status=503)
    if request.app.get(STOPPING, {}).get("stopping"):
        return web.json_response({"status": "unavailable", "reason": "shutting down"},
                                 status=503)
    return web.json_response({"status": "ready", "database": revision})


STOPPING = web.AppKey("stopping", dict)


def setup(app: web.Application, services: Services) -> None:
    app[SERVICES] = services
    app[STOPPING] = {"stopping": False}
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
