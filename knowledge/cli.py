"""`craftbot rules programs | evaluate | match | search` (contracts/rules-api.md).

JSON in on stdin, JSON out on stdout. Invalid input exits with status 2 and prints
{"error": {"code", "message", "field", "allowed"}}; nothing ever prints a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from knowledge.core import RulesInputError

COMMANDS = ("programs", "evaluate", "match", "search")
SEARCH_KEYS = ("query", "limit", "locale")
EXIT_OK, EXIT_INTERNAL, EXIT_INPUT = 0, 1, 2


def _error(exc: RulesInputError) -> dict[str, Any]:
    """The error object with all four keys, field and allowed null when not applicable."""
    return {"error": {"code": exc.code, "message": exc.message, "field": exc.field,
                      "allowed": exc.allowed}}


def _dump(obj: Any, out: TextIO) -> None:
    out.write(json.dumps(obj, ensure_ascii=False, indent=2))
    out.write("\n")


def _read_json(stdin: TextIO) -> Any:
    text = stdin.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise RulesInputError("invalid_json", f"malformed JSON: {exc.msg} at line {exc.lineno} "
                              f"column {exc.colno}", None) from None


def _programs(_stdin: TextIO) -> Any:
    from knowledge.api import list_programs

    return list_programs()


def _evaluate(stdin: TextIO) -> Any:
    from knowledge.api import evaluate_request

    body = _read_json(stdin)
    if not isinstance(body, list):
        return evaluate_request(body).to_dict()
    out = []
    for index, item in enumerate(body):
        try:
            out.append(evaluate_request(item).to_dict())
        except RulesInputError as exc:
            exc.field = f"[{index}].{exc.field}" if exc.field else f"[{index}]"
            raise
    return out


def _match(stdin: TextIO) -> Any:
    from knowledge.api import match_request

    return [d.to_dict() for d in match_request(_read_json(stdin))]


def _search(stdin: TextIO) -> Any:
    from knowledge.api import parse_locale

    body = _read_json(stdin)
    if isinstance(body, str):
        body = {"query": body}
    if not isinstance(body, dict):
        raise RulesInputError("wrong_type", "search request must be a JSON object", None,
                              list(SEARCH_KEYS))
    for key in body:
        if key not in SEARCH_KEYS:
            raise RulesInputError("unknown_field", f"unknown field {key!r} in search request",
                                  key, list(SEARCH_KEYS))
    query, limit = body.get("query"), body.get("limit", 5)
    if not isinstance(query, str) or not query.strip():
        raise RulesInputError("wrong_type", "query must be a non-empty string", "query")
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= 50:
        raise RulesInputError("out_of_range", "limit must be an integer from 1 to 50", "limit")
    locale = parse_locale(body.get("locale"))
    try:
        from knowledge.search import search  # K2's module, imported only when needed
    except ModuleNotFoundError:
        raise RuntimeError("search is not available yet (knowledge.search missing)") from None

    return [hit.to_dict() for hit in search(query, limit=limit, locale=locale)]


HANDLERS: dict[str, Callable[[TextIO], Any]] = {
    "programs": _programs, "evaluate": _evaluate, "match": _match, "search": _search,
}


def main(argv: list[str], stdin: TextIO, stdout: TextIO) -> int:
    """Run one command; returns the exit status (0 ok, 2 invalid input, 1 internal)."""
    if len(argv) != 1 or argv[0] not in HANDLERS:
        given = " ".join(argv) or None
        err = RulesInputError("unknown_command", f"usage: craftbot rules {{{'|'.join(COMMANDS)}}}"
                              f" (got {given!r})", "command", list(COMMANDS))
        _dump(_error(err), stdout)
        return EXIT_INPUT
    try:
        result = HANDLERS[argv[0]](stdin)
    except RulesInputError as exc:
        _dump(_error(exc), stdout)
        return EXIT_INPUT
    except Exception as exc:  # never a traceback on the console
        _dump({"error": {"code": "internal_error", "message": f"{type(exc).__name__}: {exc}",
                          "field": None, "allowed": None}}, stdout)
        return EXIT_INTERNAL
    _dump(result, stdout)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:], sys.stdin, sys.stdout))
