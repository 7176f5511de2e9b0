"""Speed of the rules module: prints figures, asserts nothing.

- median time to evaluate every registered program for one worker profile (goal < 1 ms),
  and the slowest single program;
- median time of a search query, if knowledge.search exists (goal < 5 ms).

Run: .venv/bin/python benchmarks/rules_bench.py
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from knowledge.api import known_facts, match, validate_facts  # noqa: E402
from knowledge.core import REGISTRY, Ctx  # noqa: E402

AS_OF = dt.date(2026, 11, 20)
PROFILE = {
    "skill_level": "senior_technician", "birth_date": "1975-06-15", "sex": "male",
    "plan_year": 2026, "leading_talent": True, "previous_plan_end": None,
    "employer_is_pilot": True, "years_as_senior_technician": 6, "in_same_occupation": True,
    "honors": ["jiangsu_craftsman"], "fraud_year": None, "attendance_ratio": 0.9,
    "previous_deferrals": 0, "competition": "national", "result": "bronze",
}
QUERIES = ("技师津贴多少钱", "我得了国赛铜牌", "卓越技师补助", "when can I retire",
           "江门 技能大师工作室")


def median_ms(fn: Callable[[], object], rounds: int = 300) -> float:
    fn()  # warm caches (policy YAML, catalogs, search index)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench_programs() -> None:
    prepared = []
    for prog in REGISTRY.values():
        facts = validate_facts(prog, {k: v for k, v in PROFILE.items() if k in prog.facts})
        prepared.append((prog, facts))

    def all_programs() -> None:
        for prog, facts in prepared:
            prog.rule(Ctx(prog, facts, AS_OF, "zh_CN"))

    total = median_ms(all_programs)
    per = {prog.id: median_ms(lambda p=prog, f=facts: p.rule(Ctx(p, f, AS_OF, "zh_CN")), 100)
           for prog, facts in prepared}
    slowest = max(per, key=per.get)  # type: ignore[arg-type]
    print(f"programs: {len(prepared)}")
    print(f"evaluate every program for one profile: median {total:.3f} ms (goal < 1 ms)")
    print(f"slowest program: {slowest} median {per[slowest]:.3f} ms")
    worker = {k: v for k, v in PROFILE.items() if k in known_facts()}
    print(f"api.match(profile, role=worker) incl. validation: median "
          f"{median_ms(lambda: match(worker, 'worker', AS_OF)):.3f} ms")


def bench_search() -> None:
    if importlib.util.find_spec("knowledge.search") is None:
        print("search: knowledge.search not available, skipped")
        return
    from knowledge.search import search

    for q in QUERIES:
        print(f"search {q!r}: median {median_ms(lambda q=q: search(q, limit=5), 200):.3f} ms "
              f"(goal < 5 ms)")


if __name__ == "__main__":
    bench_programs()
    bench_search()
