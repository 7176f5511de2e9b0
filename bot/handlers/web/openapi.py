"""The OpenAPI 3.1 document of /api/v1 (served at GET /api/openapi.json).

Built from the registry, so program ids, locales and roles are those the API accepts.
Schemas describe what the handlers really answer; tests fuzz the API from this document.
"""

from __future__ import annotations

from functools import cache
from typing import Any

DATE = {"type": "string", "format": "date", "example": "2026-11-20"}
LOCALE = {"type": "string", "enum": ["zh_CN", "en"], "default": "zh_CN"}
NULLABLE_INT = {"type": ["integer", "null"]}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "413": _json(_ref("Error"), "The body is over the size limit."),
    "429": _json(_ref("Error"), "Too many requests from this address; see Retry-After."),
}
INVALID = {"422": _json(_ref("Error"), "Invalid input: the error names the field and the "
                                       "allowed values.")}


def _body(schema: dict[str, Any], example: Any) -> dict[str, Any]:
    return {"required": True,
            "content": {"application/json": {"schema": schema, "example": example}}}


@cache
def _schemas() -> dict[str, Any]:
    from knowledge.api import LOCALES, ROLES, list_programs
    from knowledge.policy import all_policies

    ids = [p["id"] for p in list_programs()]
    decision = {
        "type": "object",
        "required": ["program", "as_of", "outcome", "policy_status", "amount_cny",
                     "amount_per_year_cny", "years", "upper_bound", "payee", "category",
                     "priority", "values", "missing_facts", "reasons", "warnings"],
        "properties": {
            "program": {"type": "string", "enum": ids},
            "as_of": DATE,
            "outcome": {"type": "string",
                        "enum": ["eligible", "ineligible", "conditional", "needs_info"]},
            "policy_status": _ref("PolicyStatusValue"),
            "amount_cny": NULLABLE_INT,
            "amount_per_year_cny": NULLABLE_INT,
            "years": {"type": ["integer", "null"]},
            "upper_bound": {"type": "boolean"},
            "payee": {"type": ["string", "null"],
                      "enum": ["person", "employer", "training_unit", "sending_unit",
                               "organizer", None]},
            "category": {"type": ["string", "null"]},
            "priority": {"type": ["boolean", "null"]},
            "values": {"type": "object"},
            "missing_facts": {"type": "array", "items": {"type": "string"}},
            "reasons": {"type": "array", "items": _ref("Reason")},
            "warnings": {"type": "array", "items": {"type": "string"}},
        },
    }
    return {
        "PolicyStatusValue": {"type": "string",
                              "enum": ["in_force", "draft", "expired", "not_yet_in_force"]},
        "Error": {
            "type": "object", "required": ["error"],
            "properties": {"error": {
                "type": "object", "required": ["code", "message", "field", "allowed"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "field": {"type": ["string", "null"]},
                               "allowed": {"type": ["array", "null"]}}}},
        },
        "Citation": {"type": "object", "required": ["document", "article"],
                     "properties": {"document": {"type": "string"},
                                    "article": {"type": "string"}}},
        "Reason": {"type": "object", "required": ["passed", "text", "citation"],
                   "properties": {"passed": {"type": "boolean"}, "text": {"type": "string"},
                                  "citation": _ref("Citation"), "key": {"type": "string"},
                                  "value": {}, "limit": {}}},
        "Decision": decision,
        "Program": {
            "type": "object", "required": ["id", "title", "policy", "roles", "topic", "facts"],
            "properties": {
                "id": {"type": "string"},
                "title": {"type": "object", "required": ["zh", "en"],
                          "properties": {"zh": {"type": "string"}, "en": {"type": "string"}}},
                "policy": {"type": "string", "enum": sorted(all_policies())},
                "roles": {"type": "array", "items": {"type": "string"}},
                "topic": {"type": "string"},
                "facts": {"type": "object", "description": "fact name -> {type, values?, "
                          "items?, minimum?, maximum?, nullable?}",
                          "additionalProperties": {"type": "object"}},
            },
        },
        "EvaluateRequest": {
            "type": "object", "required": ["program"], "additionalProperties": False,
            "properties": {"program": {"type": "string", "enum": ids}, "as_of": DATE,
                           "facts": {"type": "object", "description": "fact name -> value; "
                                     "see GET /api/v1/programs for each program's facts"},
                           "locale": {**LOCALE, "enum": list(LOCALES)}},
        },
        "MatchRequest": {
            "type": "object", "additionalProperties": False,
            "properties": {"as_of": DATE, "facts": {"type": "object"},
                           "role": {"type": "string", "enum": list(ROLES),
                                    "default": "worker"},
                           "locale": LOCALE},
        },
        "SearchRequest": {
            "type": "object", "required": ["query"], "additionalProperties": False,
            "properties": {"query": {"type": "string", "minLength": 1, "pattern": r"\S"},
                           "limit": {"type": "integer", "minimum": 1, "maximum": 50,
                                     "default": 5},
                           "locale": LOCALE},
        },
        "SearchHit": {
            "type": "object", "required": ["program", "document", "article", "score", "title"],
            "properties": {"program": {"type": ["string", "null"]},
                           "document": {"type": "string"}, "article": {"type": "string"},
                           "score": {"type": "number"}, "title": {"type": "string"}},
        },
        "PolicyStatus": {
            "type": "object", "required": ["policy", "on", "status"],
            "properties": {"policy": {"type": "string"}, "on": DATE,
                           "status": _ref("PolicyStatusValue")},
        },
    }


def document(server_url: str | None = None) -> dict[str, Any]:
    example = {"program": "quzhou.competition_award", "as_of": "2026-11-20",
               "facts": {"competition": "worldskills", "result": "silver"}, "locale": "zh_CN"}
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "CraftBot rules API", "version": "1",
                 "description": "Skilled-worker (技能人才) policy rules of Jiangsu, Quzhou and "
                                "Jiangmen: the same requests and answers as `craftbot rules` "
                                "(contracts/rules-api.md)."},
        "paths": {
            "/api/v1/programs": {"get": {
                "operationId": "listPrograms", "summary": "Every program and its facts",
                "responses": {"200": _json({"type": "array", "items": _ref("Program")},
                                           "The programs, by id."), **ERRORS}}},
            "/api/v1/evaluate": {"post": {
                "operationId": "evaluate",
                "summary": "One program's decision (or several, for an array of requests)",
                "requestBody": _body({"oneOf": [
                    _ref("EvaluateRequest"),
                    {"type": "array", "items": _ref("EvaluateRequest")}]}, example),
                "responses": {"200": _json({"oneOf": [
                    _ref("Decision"), {"type": "array", "items": _ref("Decision")}]},
                    "The decision, or the decisions in request order."),
                    **INVALID, **ERRORS}}},
            "/api/v1/match": {"post": {
                "operationId": "match", "summary": "Every program a profile may use, best first",
                "requestBody": _body(_ref("MatchRequest"),
                                     {"facts": {"skill_level": "technician"}, "role": "worker"}),
                "responses": {"200": _json({"type": "array", "items": _ref("Decision")},
                                           "Decisions that are not ineligible."),
                              **INVALID, **ERRORS}}},
            "/api/v1/search": {"post": {
                "operationId": "search", "summary": "Free-text question -> programs and articles",
                "requestBody": _body({"oneOf": [_ref("SearchRequest"),
                                                {"type": "string", "minLength": 1,
                                                 "pattern": r"\S"}]},
                                     {"query": "国赛铜牌奖励多少", "limit": 5}),
                "responses": {"200": _json({"type": "array", "items": _ref("SearchHit")},
                                           "Hits, best first."), **INVALID, **ERRORS}}},
            "/api/v1/policies/{policy_id}/status": {"get": {
                "operationId": "policyStatus", "summary": "A policy's status on a day",
                "parameters": [
                    {"name": "policy_id", "in": "path", "required": True,
                     "schema": {"type": "string", "example": "jiangsu-excellent-technician"}},
                    {"name": "on", "in": "query", "required": False,
                     "schema": DATE, "description": "default: today in Asia/Shanghai"}],
                "responses": {"200": _json(_ref("PolicyStatus"), "The status."),
                              "404": _json(_ref("Error"), "No such policy; `allowed` lists "
                                           "the policy ids."),
                              **INVALID, "429": ERRORS["429"]}}},
        },
        "components": {"schemas": _schemas()},
    }
    if server_url:
        doc["servers"] = [{"url": server_url}]
    return doc
