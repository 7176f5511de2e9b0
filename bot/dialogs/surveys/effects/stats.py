"""Figures of a campaign from its stored answers. Pure.

Trainee surveys (annex 2): per rated item (each course and instructor, then the fixed
items) the count of each level and the satisfaction rate, (excellent + good) / answers.
Employer surveys (annex 3): the occupations summed over employers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogs.surveys.forms import (
    COUNT_FIELDS,
    FIXED_ITEMS,
    RATINGS,
    SATISFIED,
    course_name,
)
from bot.i18n import Translator

LEVELS = tuple(value for value, _ in RATINGS)


@dataclass(frozen=True)
class ItemRow:
    """One rated row of annex 2 (`key`: "c0", "c1" ... for courses, else the item's)."""

    key: str
    section: str
    label: str  # message id (fixed items) or "" for a course
    course: str
    teacher: str
    counts: dict[str, int]

    @property
    def answers(self) -> int:
        return sum(self.counts.values())

    @property
    def satisfied(self) -> int:
        return sum(self.counts[level] for level in SATISFIED)

    @property
    def rate(self) -> float | None:
        return self.satisfied / self.answers if self.answers else None

    def name(self, t: Translator) -> str:
        if self.label:
            return t._(self.label)
        return course_name({"course": self.course, "teacher": self.teacher}, t)


def _count(values: Sequence[Any]) -> dict[str, int]:
    counts = dict.fromkeys(LEVELS, 0)
    for value in values:
        if value in counts:
            counts[value] += 1
    return counts


def _course_value(answers: dict[str, Any], index: int) -> Any:
    values = answers.get("courses") or []
    return values[index] if index < len(values) else None


def trainee_rows(courses: Sequence[dict[str, str]], answers: Sequence[dict[str, Any]]
                 ) -> list[ItemRow]:
    rows = []
    for i, course in enumerate(courses):
        values = [_course_value(a, i) for a in answers]
        rows.append(ItemRow(f"c{i}", "faculty", "", course.get("course", ""),
                            course.get("teacher", ""), _count(values)))
    for item in FIXED_ITEMS:
        values = [(a.get("items") or {}).get(item.key) for a in answers]
        rows.append(ItemRow(item.key, item.section, item.label, "", "", _count(values)))
    return rows


def suggestions(answers: Sequence[dict[str, Any]]) -> list[str]:
    return [str(a.get("suggestions")).strip() for a in answers
            if str(a.get("suggestions") or "").strip()]


@dataclass(frozen=True)
class OccupationTotal:
    name: str
    employers: int
    counts: dict[str, int]


def occupation_totals(answers: Sequence[dict[str, Any]]) -> list[OccupationTotal]:
    """Occupations over all employers (same name, ignoring spaces), largest first."""
    totals: dict[str, OccupationTotal] = {}
    for a in answers:
        for occ in a.get("occupations") or []:
            name = " ".join(str(occ.get("name", "")).split())
            if not name:
                continue
            old = totals.get(name) or OccupationTotal(name, 0, dict.fromkeys(
                (k for k, _ in COUNT_FIELDS), 0))
            counts = {k: old.counts[k] + int(occ.get(k) or 0) for k, _ in COUNT_FIELDS}
            totals[name] = OccupationTotal(name, old.employers + 1, counts)
    return sorted(totals.values(), key=lambda o: (-sum(o.counts.values()), o.name))


def percent(rate: float | None, t: Translator) -> str:
    return "—" if rate is None else t.percent(rate)
