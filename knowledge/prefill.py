"""Facts a free-text question already states, to pre-fill the check it offers.

"国赛银牌奖励多少" names the competition and the medal: the check for
quzhou.competition_award should not ask them again. Only enum values a question names
unambiguously are taken; places are never turned into the territorial facts (naming 衢州
does not say the person works there). Pure.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.registry import REGISTRY

# fact -> ((pattern, value), ...): the first pattern found wins, longest phrases first.
PHRASES: dict[str, tuple[tuple[str, Any], ...]] = {
    "competition": ((r"世界技能大赛|世赛|world ?skills", "worldskills"),
                    (r"全国技能大赛|全国职业技能大赛|中华人民共和国职业技能大赛|国赛|national (?:skills )?competition",
                     "national"),
                    (r"浙江技能大赛|浙江省技能大赛|省赛|zhejiang (?:skills )?competition", "zhejiang")),
    "result": ((r"金牌|金奖|\bgold\b", "gold"), (r"银牌|银奖|\bsilver\b", "silver"),
               (r"铜牌|铜奖|\bbronze\b", "bronze"), (r"优胜奖|\bexcellence\b", "excellence")),
    "level": ((r"国家级|\bnational[- ]level\b", "national"), (r"省级|\bprovincial\b", "provincial"),
              (r"市级|\bcity[- ]level\b", "city")),
    "skill_level": ((r"特级技师|special technician", "special_technician"),
                    (r"首席技师|chief technician", "chief_technician"),
                    (r"高级技师|senior technician", "senior_technician"),
                    (r"高级工|senior worker", "senior_worker"),
                    (r"中级工|intermediate", "intermediate"),
                    (r"初级工|primary", "primary"),
                    (r"(?<![高特级席越])技师(?!学院|津贴)|\btechnician\b", "technician")),
    "titles": ((r"衢州大工匠", "quzhou_great_craftsman"),
               (r"衢州杰出工匠|杰出工匠", "quzhou_outstanding_craftsman"),
               (r"衢州青年工匠|青年工匠", "quzhou_youth_craftsman"),
               (r"(?<![大杰年])衢州工匠", "quzhou_craftsman")),
}


def prefill(question: str, program: str) -> dict[str, Any]:
    """The facts of `program` that the question names (valid values only)."""
    prog = REGISTRY.get(program)
    if prog is None:
        return {}
    low = question.lower()
    out: dict[str, Any] = {}
    for fact, phrases in PHRASES.items():
        spec = prog.facts.get(fact)
        if spec is None:
            continue
        found = [value for pattern, value in phrases if re.search(pattern, low)]
        if spec.type == "list":
            out[fact] = [v for v in dict.fromkeys(found) if v in (spec.values or ())] or None
            if out[fact] is None:
                del out[fact]
        elif len(set(found)) == 1 and found[0] in (spec.values or ()):
            out[fact] = found[0]  # named once and unambiguously
    return out
