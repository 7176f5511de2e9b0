"""The three forms annexed to the Jiangsu excellent-technician plan, as data.

Annex 2: the trainee satisfaction survey (each course and its instructor, teaching,
service and management, overall satisfaction, suggestions), every item rated on four
levels. Annex 3: the employer survey. Annex 4: the training unit's acceptance score
sheet (20 items of 5 points in three sections). Labels are short message ids (English;
the Chinese catalog gives the annex wording); everything here is pure and shared by the
dialogs (bot/dialogs/survey_*.py) and the service layer (bot/surveys/).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.dialogs.engine.types import N_

# --- places and roles -------------------------------------------------------------------

CITIES: tuple[tuple[str, str], ...] = (
    ("nanjing", N_("Nanjing")), ("wuxi", N_("Wuxi")), ("xuzhou", N_("Xuzhou")),
    ("changzhou", N_("Changzhou")), ("suzhou", N_("Suzhou")), ("nantong", N_("Nantong")),
    ("lianyungang", N_("Lianyungang")), ("huaian", N_("Huai'an")),
    ("yancheng", N_("Yancheng")), ("yangzhou", N_("Yangzhou")),
    ("zhenjiang", N_("Zhenjiang")), ("taizhou", N_("Taizhou")), ("suqian", N_("Suqian")),
)
CITY_NAMES = dict(CITIES)

ROLE_NAMES = {"officer": N_("survey officer"), "assessor": N_("assessor")}
KIND_NAMES = {"trainee": N_("Trainee satisfaction survey"),
              "employer": N_("Employer survey")}


def city_name(code: str | None, t: Any) -> str:
    if code is None:
        return t._("all cities")
    return t._(CITY_NAMES.get(code, code))


# --- annex 2: ratings and items ---------------------------------------------------------

RATINGS: tuple[tuple[str, str], ...] = (
    ("excellent", N_("Excellent")), ("good", N_("Good")), ("fair", N_("Fair")),
    ("poor", N_("Poor")),
)
RATING_NAMES = dict(RATINGS)
SATISFIED = ("excellent", "good")

SECTIONS = {"faculty": N_("Instructors"), "teaching": N_("Teaching"),
            "service": N_("Service and management"), "overall": N_("Satisfaction")}


@dataclass(frozen=True)
class Item:
    """A rated item of annex 2 that does not depend on the campaign's courses."""

    key: str
    code: str  # short ASCII label for charts
    section: str
    label: str  # message id of the item's name
    question: str  # message id of the question


FIXED_ITEMS: tuple[Item, ...] = (
    Item("teacher_overall", "T", "faculty", N_("Instructors: overall"),
         N_("Overall, how do you rate the instructors of this training?")),
    Item("content", "E1", "teaching", N_("Teaching content"),
         N_("Teaching: how do you rate the content of the courses?")),
    Item("level", "E2", "teaching", N_("Teaching level"),
         N_("Teaching: how do you rate the level of the teaching?")),
    Item("mode", "E3", "teaching", N_("Teaching mode"),
         N_("Teaching: how do you rate the way the courses were taught (mode)?")),
    Item("teaching_overall", "E4", "teaching", N_("Teaching: overall"),
         N_("Teaching: your overall rating?")),
    Item("organisation", "S1", "service", N_("Organisation and management"),
         N_("Service: how do you rate the organisation and management?")),
    Item("logistics", "S2", "service", N_("Logistics"),
         N_("Service: how do you rate the logistics (lodging, meals, rooms)?")),
    Item("service", "S3", "service", N_("Service level"),
         N_("Service: how do you rate the level of service?")),
    Item("service_overall", "S4", "service", N_("Service and management: overall"),
         N_("Service and management: your overall rating?")),
    Item("satisfaction", "O", "overall", N_("Overall satisfaction"),
         N_("All in all, how satisfied are you with this training?")),
)
FIXED_KEYS = tuple(i.key for i in FIXED_ITEMS)
MAX_COURSES = 12
MAX_SUGGESTION = 1000


def course_code(index: int) -> str:
    return f"C{index + 1}"


# --- annex 3: employer survey -----------------------------------------------------------

OCCUPATIONS = 3
COUNT_FIELDS: tuple[tuple[str, str], ...] = (
    ("senior_technicians", N_("Senior technicians")), ("technicians", N_("Technicians")),
    ("senior_workers", N_("Senior workers")), ("demand", N_("Training demand")),
)
EMPLOYER_TEXTS: tuple[tuple[str, str], ...] = (
    ("problems", N_("Main technical and process problems")),
    ("difficulties", N_("Difficulties in training skilled staff")),
    ("evaluation", N_("Staff who took part: evaluation")),
    ("other", N_("Other remarks")),
)

# --- annex 4: acceptance score sheet ----------------------------------------------------

SCORE_SECTIONS: tuple[tuple[str, str, int], ...] = (
    ("process", N_("Training process"), 55),
    ("trainees", N_("Trainee outcomes"), 20),
    ("service", N_("Management and service"), 25),
)
SCORE_ITEMS: tuple[tuple[str, str], ...] = (
    ("process", N_("Plan carried out, a tutor for every trainee")),
    ("process", N_("Lesson plans and slides prepared for every course")),
    ("process", N_("Teaching mode and methods")),
    ("process", N_("Focus on practical skills, trainee-centred")),
    ("process", N_("Spot check: instructors explain, demonstrate and guide well")),
    ("process", N_("Teaching team: structure and teamwork")),
    ("process", N_("Premises, workstations, equipment and safety")),
    ("process", N_("Handbook, syllabus and materials handed out in time")),
    ("process", N_("Tutors: diligence, course resources and guidance")),
    ("process", N_("Exchange and sharing sessions well organised")),
    ("process", N_("Fair final assessment of the trainees")),
    ("trainees", N_("Trainees interviewed: main gains from a course")),
    ("trainees", N_("Trainees interviewed: use of a course in their work")),
    ("trainees", N_("Trainees interviewed: skill growth and passing skills on")),
    ("trainees", N_("Trainees interviewed: overall view and suggestions")),
    ("service", N_("Commitment and coordination of the unit's departments")),
    ("service", N_("Health and safety rules in place and applied")),
    ("service", N_("Lodging, meals, classrooms and practice sites")),
    ("service", N_("Proactive service, needs met quickly")),
    ("service", N_("Hands-on practice, exchanges and visits")),
)
ITEM_POINTS = 5


def score_subtotals(scores: list[float]) -> dict[str, float]:
    """Points per section of annex 4 for the scores given so far (item order)."""
    totals = {key: 0.0 for key, _, _ in SCORE_SECTIONS}
    for (section, _), score in zip(SCORE_ITEMS, scores, strict=False):
        totals[section] += float(score)
    return totals


def score_total(scores: list[float]) -> float:
    return sum(float(s) for s in scores)


def points(value: float) -> str:
    """4.0 -> '4', 4.5 -> '4.5'."""
    return f"{value:g}"
