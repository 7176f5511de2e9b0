"""How to ask for each fact of the rules: question text, option labels, hints, checks.

The eligibility check builds its steps from a program's FactSpec (type, values, range)
plus the entry here. To make a new fact askable, add one `Question` to QUESTIONS (and
its option labels); a fact without an entry is still asked, with a generic wording.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.dialogs.flow import Validator
from bot.dialogs.types import N_, Env

DATE_HINT = N_("For example 1975-06-15 or 1975年6月15日.")
YEAR_HINT = N_("Type a year, for example 2023.")
NUMBER_HINT = N_("Type a number, for example 6 or 5.5.")
COUNT_HINT = N_("Type a whole number, for example 12.")
MONEY_HINT = N_("Type an amount in yuan, for example 50000 or 5万.")
RATIO_HINT = N_("Type a share, for example 0.85 or 85%.")


@dataclass(frozen=True)
class Question:
    """prompt: message id; labels: option value -> label message id; none_label: the
    button for a null answer (nullable facts); hint: shown under typed questions."""

    prompt: str
    labels: Mapping[Any, str] = field(default_factory=dict)
    hint: str | None = None
    none_label: str | None = None
    validate: Validator | None = None
    columns: int = 1


def _birth_date_ok(value: Any, env: Env) -> str | tuple[str, dict[str, Any]] | None:
    born = dt.date.fromisoformat(value)
    age = env.today.year - born.year
    if born > env.today:
        return N_("That date is in the future. Please type your date of birth.")
    if age < 14 or age > 100:
        return N_("That would make you {age} years old. Please check the year."), {"age": age}
    return None


def _not_future(value: Any, env: Env) -> str | None:
    if dt.date.fromisoformat(value) > env.today:
        return N_("That date is in the future. Please type the date it happened.")
    return None


def _past_year(value: Any, env: Env) -> str | None:
    if value is not None and value > env.today.year:
        return N_("That year is still to come. Please type the year it happened.")
    return None


SKILL_LABELS = {
    "apprentice": N_("Apprentice (学徒)"),
    "primary": N_("Level 5 – primary (初级工)"),
    "intermediate": N_("Level 4 – intermediate (中级工)"),
    "senior_worker": N_("Level 3 – senior worker (高级工)"),
    "technician": N_("Level 2 – technician (技师)"),
    "senior_technician": N_("Level 1 – senior technician (高级技师)"),
    "special_technician": N_("Special technician (特级技师)"),
    "chief_technician": N_("Chief technician (首席技师)"),
}

TITLE_LABELS = {
    "none": N_("No professional title"),
    "junior": N_("Junior title (初级职称)"),
    "intermediate": N_("Intermediate title (中级职称)"),
    "associate_senior": N_("Associate senior title (副高级职称)"),
    "full_senior": N_("Full senior title (正高级职称)"),
}

HONOR_LABELS = {
    "chinese_skills_grand_award": N_("China Skills Grand Award (中华技能大奖)"),
    "state_council_special_allowance": N_("State Council special allowance"),
    "national_technical_expert": N_("National Technical Expert (全国技术能手)"),
    "worldskills_medal": N_("WorldSkills Competition medal"),
    "national_competition_gold": N_("National skills competition gold"),
    "provincial_model_worker": N_("Model Worker, provincial or higher"),
    "may_day_labour_medal": N_("May Day Labour Medal, provincial or higher"),
    "skills_master_studio_leader": N_("Leader of a provincial+ skills master studio"),
    "skills_master_title": N_("\"Skills Master\" title, provincial or higher"),
    "jiangsu_great_craftsman": N_("Jiangsu Great Craftsman (江苏大工匠)"),
    "jiangsu_craftsman": N_("Jiangsu Craftsman (江苏工匠)"),
    "jiangsu_chief_technician": N_("Jiangsu enterprise chief technician"),
    "standard_lead_expert": N_("Led the drafting of a national or provincial skill standard"),
}

QUESTIONS: dict[str, Question] = {
    "skill_level": Question(N_("What is your highest vocational skill level (职业技能等级)?"),
                            SKILL_LABELS),
    "birth_date": Question(N_("What is your date of birth?"), hint=DATE_HINT,
                           validate=_birth_date_ok),
    "sex": Question(N_("Are you a man or a woman? Statutory retirement ages differ."),
                    {"male": N_("Man"), "female": N_("Woman")}, columns=2),
    "female_original_retirement_age": Question(
        N_("Before the 2025 reform, was the normal retirement age for your post 50 "
           "(worker posts) or 55 (management and technical posts)?"),
        {50: N_("50 – worker post"), 55: N_("55 – management or technical post")}),
    "plan_year": Question(N_("For which year's plan are you asking?"), columns=2),
    "leading_talent": Question(
        N_("Are you within Jiangsu's range of high-skill leading talents (高技能领军人才, "
           "as listed in the 2019 provincial measures on technical workers' pay)?")),
    "chief_technician_qualified": Question(
        N_("Do you meet the qualification conditions of a Jiangsu enterprise chief "
           "technician (江苏省企业首席技师)?")),
    "received_chief_technician_grant": Question(
        N_("Have you already received the former one-time grant for Jiangsu enterprise "
           "chief technicians?")),
    "previous_plan_end": Question(
        N_("Have you taken part in the Excellent Technician plan before? If so, type the "
           "date your previous plan ended."),
        hint=DATE_HINT, none_label=N_("I have never taken part"), validate=_not_future),
    "exceptional": Question(
        N_("Technicians are admitted only when especially outstanding (特别优秀). Has your "
           "employer or city put you forward as such?")),
    "employer_is_pilot": Question(
        N_("Is your employer one of the special-technician pilot enterprises?")),
    "years_as_senior_technician": Question(
        N_("How many years have you worked in a senior-technician (高级技师) post?"),
        hint=NUMBER_HINT),
    "in_same_occupation": Question(
        N_("Do you still work in that same occupation or professional field?")),
    "professional_title": Question(N_("What is your highest professional title (职称)?"),
                                   TITLE_LABELS),
    "first_class_professional_qualification": Question(
        N_("Do you hold a first-class professional qualification (一级专业技术资格) that "
           "matches the occupation?")),
    "honors": Question(N_("Do you hold any of these honours? They give priority."),
                       HONOR_LABELS),
    "fraud_year": Question(
        N_("Has an assessment ever found falsified materials from you or your employer? "
           "If so, type the year."),
        hint=YEAR_HINT, none_label=N_("Never"), validate=_past_year),
    "attendance_ratio": Question(
        N_("What share of the required credits and hours did the trainee complete?"),
        hint=RATIO_HINT),
    "trainees": Question(N_("How many trainees were assessed?"), hint=COUNT_HINT),
    "excellent": Question(N_("How many would be graded excellent?"), hint=COUNT_HINT),
    "good": Question(N_("How many would be graded good?"), hint=COUNT_HINT),
    "teaching_cny": Question(N_("How much of the subsidy went to teaching and training "
                                "materials?"), hint=MONEY_HINT),
    "other_cny": Question(N_("How much went to travel, meals and lodging?"), hint=MONEY_HINT),
    "previous_deferrals": Question(N_("How many times has the trainee already deferred?"),
                                   hint=COUNT_HINT),
    "above_scale": Question(N_("Is the enterprise above designated size (规模以上)?")),
    "has_run_senior_technician_assessment": Question(
        N_("Has the enterprise run senior-technician assessments before?")),
    "senior_technicians": Question(N_("How many senior technicians does the enterprise "
                                      "employ?"), hint=COUNT_HINT),
}

GENERIC = N_("Please tell me: {fact}")
FACT_NAMES = {
    "skill_level": N_("skill level"),
    "birth_date": N_("date of birth"),
    "sex": N_("sex"),
    "female_original_retirement_age": N_("original retirement age"),
}


def question_for(fact: str) -> Question:
    return QUESTIONS.get(fact) or Question(GENERIC)


def fact_name(fact: str, env: Env) -> str:
    """A short name of a fact in words (for 'reused from your profile')."""
    msgid = FACT_NAMES.get(fact)
    return env.t._(msgid) if msgid else fact.replace("_", " ")
