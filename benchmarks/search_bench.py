"""Article-level search: top-3 hit rate on the tuning set and the held-out set.

A question is a hit when one of its expected (programme, document, article) triples is
among the first three hits (programme null for an article no programme implements).
Usage: .venv/bin/python benchmarks/search_bench.py [--misses]
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge.search import search  # noqa: E402

SETS = ROOT / "tests" / "knowledge" / "search"
TODAY = dt.date(2026, 6, 1)


def load(name: str) -> list[dict[str, Any]]:
    return yaml.safe_load((SETS / f"{name}.yaml").read_text(encoding="utf-8"))


def rank(question: str, expect: list[list[str | None]], k: int = 3) -> int | None:
    wanted = {tuple(e) for e in expect}
    for i, hit in enumerate(search(question, limit=k, today=TODAY)):
        if (hit.program, hit.document, hit.article) in wanted:
            return i
    return None


def rate(name: str, show_misses: bool) -> float:
    rows = load(name)
    misses = [r for r in rows if rank(r["q"], r["expect"]) is None]
    value = 1 - len(misses) / len(rows)
    print(f"{name}: top-3 programme+article {value:.0%} ({len(rows) - len(misses)} of {len(rows)})")
    if show_misses:
        for r in misses:
            got = [(h.program, h.article) for h in search(r["q"], limit=3, today=TODAY)]
            print(f"   miss: {r['q']}  expected {r['expect'][0][0]} {r['expect'][0][2]}  got {got}")
    return value


def main() -> None:
    show = "--misses" in sys.argv
    search("预热", today=TODAY)  # build the index once
    started = time.perf_counter()
    rate("tuning", show)
    rate("held_out", show)
    n = len(load("tuning")) + len(load("held_out"))
    print(f"mean time per question: {(time.perf_counter() - started) / n * 1000:.1f} ms")


if __name__ == "__main__":
    main()
