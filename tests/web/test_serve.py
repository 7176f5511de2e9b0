"""`craftbot serve` on a fresh SQLite database, as an operator starts it; the API fuzzed
from its own OpenAPI document (schemathesis): no 5xx, answers as documented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest

from tests.web.serving import ServeProcess

pytestmark = pytest.mark.slow  # `craftbot serve` subprocesses and schemathesis

EXAMPLE = {"program": "quzhou.competition_award", "as_of": "2026-11-20",
           "facts": {"competition": "worldskills", "result": "silver"}, "locale": "zh_CN"}


async def test_serve_fresh_sqlite(tmp_path: Path) -> None:
    server = ServeProcess(tmp_path, {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/c.db"})
    try:
        url = await server.started()
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{url}/healthz") as resp:
                assert resp.status == 200
            async with http.get(f"{url}/readyz") as resp:
                assert resp.status == 200
            async with http.get(f"{url}/") as resp:
                page = await resp.text()
                assert resp.status == 200
                assert '<html lang="zh-Hans">' in page and "技能人才政策助手" in page
                cookie = resp.headers["Set-Cookie"]
                assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
            async with http.get(f"{url}/api/v1/programs") as resp:
                assert len(await resp.json()) == 27
            async with http.post(f"{url}/api/v1/evaluate", json=EXAMPLE) as resp:
                api = await resp.json()
        cli = subprocess.run([sys.executable, "-m", "bot.cli", "rules", "evaluate"],
                             input=json.dumps(EXAMPLE), capture_output=True, text=True,
                             cwd=tmp_path, check=True)
        assert api == json.loads(cli.stdout)
    finally:
        code, log = await server.stop()
    assert code == 0, log
    assert "Traceback" not in log
    assert "stopped" in log
    access = [ln for ln in log.splitlines() if "craftbot.access" in ln]
    assert access and not any("127.0.0.1" in ln for ln in access)  # no addresses logged


async def test_fuzz_api_from_openapi(tmp_path: Path) -> None:
    server = ServeProcess(tmp_path, {"DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/c.db",
                                     "API_RATE_PER_IP": "100000/minute"})
    try:
        url = await server.started()
        st = Path(sys.executable).with_name("st")
        proc = subprocess.run(
            [str(st), "run", f"{url}/api/openapi.json", "--checks",
             "not_a_server_error,status_code_conformance,content_type_conformance,"
             "response_schema_conformance", "--max-examples", "40", "--seed", "7",
             "--generation-database", "none", "--request-timeout", "30"],
            capture_output=True, text=True, cwd=tmp_path, timeout=900)
    finally:
        code, log = await server.stop()
    (tmp_path / "serve.log").write_text(log)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "Traceback" not in log
