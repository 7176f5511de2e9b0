"""The JSON API answers as `craftbot rules` does (contracts/rules-api.md)."""

from __future__ import annotations

import io
import json

import pytest

from bot.handlers.web.openapi import document
from knowledge.cli import main as rules_main
from tests.web.conftest import WebClient, start_client, web_settings

EXAMPLE = {"program": "quzhou.competition_award", "as_of": "2026-11-20",
           "facts": {"competition": "worldskills", "result": "silver"}, "locale": "zh_CN"}


def cli(command: str, body: object) -> tuple[int, object]:
    out = io.StringIO()
    code = rules_main([command], io.StringIO(json.dumps(body, ensure_ascii=False)), out)
    return code, json.loads(out.getvalue())


async def test_programs_lists_all_27(web: WebClient) -> None:
    resp = await web.get("/api/v1/programs")
    assert resp.status == 200
    programs = await resp.json()
    assert len(programs) == 27
    assert programs == cli("programs", None)[1]


@pytest.mark.parametrize("body", [
    EXAMPLE,
    [EXAMPLE, {"program": "jiangsu.excellent_technician", "as_of": "2026-11-20",
               "facts": {"skill_level": "technician"}, "locale": "en"}],
])
async def test_evaluate_is_the_cli(web: WebClient, body: object) -> None:
    resp = await web.post("/api/v1/evaluate", json=body)
    assert resp.status == 200
    code, expected = cli("evaluate", body)
    assert code == 0
    assert await resp.json() == expected


async def test_match_and_search_are_the_cli(web: WebClient) -> None:
    profile = {"as_of": "2026-11-20", "facts": {"skill_level": "technician"}, "role": "worker"}
    resp = await web.post("/api/v1/match", json=profile)
    assert resp.status == 200 and await resp.json() == cli("match", profile)[1]
    query = {"query": "国赛铜牌奖励多少", "limit": 3}
    resp = await web.post("/api/v1/search", json=query)
    hits = await resp.json()
    assert resp.status == 200 and hits == cli("search", query)[1]
    assert hits and hits[0]["program"] == "quzhou.competition_award"


@pytest.mark.parametrize("body,field,allowed_has", [
    ({"program": "no.such"}, "program", "quzhou.competition_award"),
    ({**EXAMPLE, "as_of": "2026-13-01"}, "as_of", "YYYY-MM-DD"),
    ({**EXAMPLE, "facts": {"competition": "olympics", "result": "gold"}}, "facts.competition",
     "worldskills"),
    ({**EXAMPLE, "colour": "red"}, "colour", "program"),
    ([EXAMPLE, {"program": 3}], "[1].program", "quzhou.competition_award"),
])
async def test_invalid_input_is_422_naming_the_field(web: WebClient, body: object, field: str,
                                                     allowed_has: str) -> None:
    resp = await web.post("/api/v1/evaluate", json=body)
    assert resp.status == 422
    err = (await resp.json())["error"]
    assert err["field"] == field
    assert allowed_has in err["allowed"]
    assert err == cli("evaluate", body)[1]["error"]


@pytest.mark.parametrize("raw", [b"{not json", b"\xff\xfe", b"", b"[" * 20000])
async def test_malformed_bodies_are_422_never_500(web: WebClient, raw: bytes) -> None:
    for path in ("/api/v1/evaluate", "/api/v1/match", "/api/v1/search"):
        resp = await web.post(path, data=raw, headers={"Content-Type": "application/json"})
        assert resp.status == 422, (path, await resp.text())
        body = await resp.json()
        assert body["error"]["code"] == "invalid_json"
        assert "Traceback" not in json.dumps(body)


async def test_oversized_body_is_413(web: WebClient) -> None:
    big = {"query": "x" * (70 * 1024)}
    resp = await web.post("/api/v1/search", json=big)
    assert resp.status == 413
    assert (await resp.json())["error"]["code"] == "too_large"


async def test_policy_status(web: WebClient) -> None:
    resp = await web.get("/api/v1/policies/jiangmen-gaoxin-craftsman-2018/status",
                         params={"on": "2026-01-01"})
    assert resp.status == 200
    assert await resp.json() == {"policy": "jiangmen-gaoxin-craftsman-2018", "on": "2026-01-01",
                                 "status": "expired"}
    resp = await web.get("/api/v1/policies/nowhere/status")
    assert resp.status == 404
    err = (await resp.json())["error"]
    assert err["field"] == "policy" and "jiangsu-excellent-technician" in err["allowed"]
    resp = await web.get("/api/v1/policies/jiangmen-gaoxin-craftsman-2018/status",
                         params={"on": "yesterday"})
    assert resp.status == 422
    assert (await resp.json())["error"]["field"] == "on"


async def test_unknown_route_and_method_are_json(web: WebClient) -> None:
    resp = await web.get("/api/v1/nothing")
    assert resp.status == 404 and (await resp.json())["error"]["code"] == "not_found"
    resp = await web.get("/api/v1/evaluate")
    assert resp.status == 405 and (await resp.json())["error"]["code"] == "method_not_allowed"


async def test_openapi_document_describes_every_route(web: WebClient) -> None:
    resp = await web.get("/api/openapi.json")
    doc = await resp.json()
    assert doc["openapi"] == "3.1.0"
    assert set(doc["paths"]) == {"/api/v1/programs", "/api/v1/evaluate", "/api/v1/match",
                                 "/api/v1/search", "/api/v1/policies/{policy_id}/status"}
    ids = doc["components"]["schemas"]["EvaluateRequest"]["properties"]["program"]["enum"]
    assert len(ids) == 27
    assert doc == json.loads(json.dumps(document()))


async def test_security_headers_and_no_cors_by_default(web: WebClient) -> None:
    resp = await web.get("/api/v1/programs", headers={"Origin": "https://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert "script-src 'self'" in resp.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in resp.headers["Content-Security-Policy"]
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Referrer-Policy"] == "no-referrer"


async def test_cors_when_configured(sqlite_url: str) -> None:
    client = await start_client(web_settings(sqlite_url,
                                             web_cors_origins="https://partner.example"))
    try:
        resp = await client.options("/api/v1/evaluate", headers={
            "Origin": "https://partner.example", "Access-Control-Request-Method": "POST"})
        assert resp.status == 204
        assert resp.headers["Access-Control-Allow-Origin"] == "https://partner.example"
        resp = await client.get("/api/v1/programs", headers={"Origin": "https://other.example"})
        assert "Access-Control-Allow-Origin" not in resp.headers
    finally:
        await client.close()
        await client.services.close()


async def test_api_rate_limit_per_address(sqlite_url: str) -> None:
    client = await start_client(web_settings(sqlite_url, api_rate_per_ip="3/minute"))
    try:
        statuses = [(await client.get("/api/v1/programs")).status for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        resp = await client.get("/api/v1/programs")
        assert int(resp.headers["Retry-After"]) >= 1
        assert (await resp.json())["error"]["code"] == "rate_limited"
    finally:
        await client.close()
        await client.services.close()
