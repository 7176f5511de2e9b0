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
    section: str
    label: str  # message id of the item's name
    question: str  # message id of the question


FIXED_ITEMS: tuple[Item, ...] = (
    Item("teacher_overall", "faculty", N_("Instructors: overall"),
         N_("Overall, how do you rate the instructors of this training?")),
    Item("content", "teaching", N_("Teaching content"),
         N_("Teaching: how do you rate the content of the courses?")),
    Item("level", "teaching", N_("Teaching level"),
         N_("Teaching: how do you rate the level of the teaching?")),
    Item("mode", "teaching", N_("Teaching mode"),
         N_("Teaching: how do you rate the way the courses were taught (mode)?")),
    Item("teaching_overall", "teaching", N_("Teaching: overall"),
         N_("Teaching: your overall rating?")),
    Item("organisation", "service", N_("Organisation and management"),
         N_("Service: how do you rate the organisation and management?")),
    Item("logistics", "service", N_("Logistics"),
         N_("Service: how do you rate the logistics (lodging, meals, rooms)?")),
    Item("service", "service", N_("Service level"),
         N_("Service: how do you rate the level of service?")),
    Item("service_overall", "service", N_("Service and management: overall"),
         N_("Service and management: your overall rating?")),
    Item("satisfaction", "overall", N_("Overall satisfaction"),
         N_("All in all, how satisfied are you with this training?")),
)
FIXED_KEYS = tuple(i.key for i in FIXED_ITEMS)
MAX_COURSES = 12
MAX_SUGGESTION = 1000  # the form's box; a longer comment is kept if the trainee wants
MAX_COMMENT = 4096  # what storage keeps of one comment (a whole chat message)


def course_name(course: dict[str, Any], t: Any) -> str:
    """A course of the campaign as an item name: "数控编程（王工）"."""
    return t._("{course} ({teacher})", course=course.get("course", ""),
               teacher=course.get("teacher", ""))


def shorten(text: str, limit: int, t: Any) -> str:
    """A long text for a chat message: its start and how long it is in all."""
    text = str(text)
    if len(text) <= limit:
        return text
    return t._("{start}… ({n} characters in all)", start=text[:limit].rstrip(), n=len(text))


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
# The items in full (the English is our translation; the Chinese catalog holds the
# annex's own wording, which the exported sheet must reproduce exactly).
SCORE_ITEMS: tuple[tuple[str, str], ...] = (
    ("process", N_("Is the training plan carried out conscientiously, and is a full-time "
                   "tutor assigned to each trainee?")),
    ("process", N_("Is the teaching well prepared: are the lesson plans and slides of every "
                   "course written and made carefully and completely?")),
    ("process", N_("Is the teaching mode new and practical, and are the teaching methods "
                   "appropriate?")),
    ("process", N_("Does the training keep close to the skills, stress practical training "
                   "and keep the trainees at the centre?")),
    ("process", N_("Spot check: can the instructors explain and demonstrate correctly, run "
                   "the course carefully and effectively help the trainees improve?")),
    ("process", N_("Structure and teamwork of the teaching team: does it meet the trainees' "
                   "training needs?")),
    ("process", N_("Does the teaching environment meet the needs of the premises, do the "
                   "practice workstations and equipment meet the training requirements, and "
                   "are safety and environmental standards met?")),
    ("process", N_("Are the trainee handbook, the syllabus, the key learning points or the "
                   "textbooks (electronic documents included) given to the trainees in "
                   "time, and are the handouts or textbooks well structured?")),
    ("process", N_("Are the tutors diligent, and are the course resources they send and "
                   "their guidance on reports timely and effective?")),
    ("process", N_("Are the exchange and sharing sessions well organised, and do they meet "
                   "the trainees' needs?")),
    ("process", N_("Is the training unit's assessment of the trainees at the end of the "
                   "training fair and just?")),
    ("trainees", N_("Ask 2-3 trainees, for one course picked at random, what they mainly "
                    "gained from it.")),
    ("trainees", N_("Ask 2-3 trainees, for one course picked at random, how what they "
                    "learnt inspires and helps their work from now on.")),
    ("trainees", N_("Ask 2-3 trainees what they think after the training about their skill "
                    "growth and about passing their skills on to others.")),
    ("trainees", N_("Ask 2-3 trainees for their overall view of the training and their "
                    "suggestions for such training in future.")),
    ("service", N_("How much importance the training unit gives the training, and how its "
                   "administrative, teaching and logistics departments work together on "
                   "it.")),
    ("service", N_("Are the rules for epidemic prevention and disinfection, safety "
                   "management and the like complete, and are they carefully applied?")),
    ("service", N_("Are lodging, meals, classrooms and practice sites convenient, safe and "
                   "clean?")),
    ("service", N_("Is the service proactive, warm and thoughtful, are duties clearly "
                   "divided, and are the trainees' needs learnt and their problems solved "
                   "in time?")),
    ("service", N_("How well hands-on practice, interactive exchanges and study visits are "
                   "organised for the trainees.")),
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
