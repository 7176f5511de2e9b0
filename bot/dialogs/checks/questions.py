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

from bot.dialogs.checks.labels import (
    ENTERPRISE_SIZE_LABELS,
    GRADE_LABELS,
    HONOR_LABELS,
    ORIGINAL_AGE_LABELS,
    SEX_LABELS,
    SKILL_LABELS,
    TITLE_LABELS,
)
from bot.dialogs.engine.flow import Validator
from bot.dialogs.engine.types import N_, Env

DATE_HINT = N_("For example 1975-06-15 or 15 June 1975.")
YEAR_HINT = N_("Type a year, for example 2023.")
NUMBER_HINT = N_("Type a number, for example 6 or 5.5.")
COUNT_HINT = N_("Type a whole number, for example 12.")
MONEY_HINT = N_("Type an amount in yuan, for example 50000 or 50k.")
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


QUESTIONS: dict[str, Question] = {
    "skill_level": Question(N_("What is your highest vocational skill level (职业技能等级)?"),
                            SKILL_LABELS),
    "birth_date": Question(N_("What is your date of birth?"), hint=DATE_HINT,
                           validate=_birth_date_ok),
    "sex": Question(N_("Are you a man or a woman? Statutory retirement ages differ."),
                    SEX_LABELS, columns=2),
    "female_original_retirement_age": Question(
        N_("Before the 2025 reform, was the normal retirement age for your post 50 "
           "(worker posts) or 55 (management and technical posts)?"),
        ORIGINAL_AGE_LABELS),
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
    # --- Quzhou (consultation draft) ---------------------------------------------------
    "titles": Question(N_("Which Quzhou craftsman titles have you been awarded?")),
    "competition": Question(N_("At which competition did you win your award?")),
    "result": Question(N_("What did you win?"), columns=2),
    "organizer_award_cny": Question(
        N_("How much did the organiser (or a higher authority) award you for it?"),
        hint=MONEY_HINT),
    "projects": Question(N_("For how many WorldSkills projects is your unit designated a "
                            "national training base?"), hint=COUNT_HINT),
    "members": Question(N_("How many people from your unit were selected for the WorldSkills "
                           "national squad?"), hint=COUNT_HINT),
    "occupations": Question(N_("How many occupations (trades, 职业工种) does the competition "
                               "cover?"), hint=COUNT_HINT),
    "in_city_plan": Question(N_("Is the competition listed in Quzhou's yearly skills "
                                "competition plan?")),
    "level": Question(N_("At what level is it rated?")),
    "annual_trainees": Question(N_("How many person-times (人次) does the base train in a "
                                   "year?"), hint=COUNT_HINT),
    "employer_type": Question(N_("Where do you work?")),
    "shortage_occupation": Question(N_("Is your occupation (trade) on the list of shortage "
                                       "occupations (紧缺职业工种)?")),
    "frontline_matching_post": Question(N_("Do you work in a front-line post that matches "
                                           "that occupation?")),
    "base_subsidy_cny": Question(
        N_("How much recruitment subsidy does the enterprise get for this hire under the "
           "private-employer hiring policy, before any uplift?"), hint=MONEY_HINT,
        none_label=N_("I don't know the amount")),
    "hire_skill_level": Question(N_("What skill level does the person you hired hold?"),
                                 SKILL_LABELS),
    "in_quzhou": Question(N_("Is this in Quzhou: do you work there, or is the unit located "
                             "there?")),
    "receives_recruitment_subsidy": Question(
        N_("Does the enterprise receive the recruitment subsidy of Quzhou's private-employer "
           "hiring policy for this hire?")),
    # --- Jiangmen High-tech Zone (2018-2020) -----------------------------------------------
    "leader_skill_level": Question(N_("What skill level does the studio's leader hold?"),
                                   SKILL_LABELS),
    "certified_high_skill": Question(
        N_("How many high-skill workers have been trained and certified through your "
           "in-house assessment?"), hint=COUNT_HINT),
    "grade": Question(N_("At which grade was the training project rated?"), GRADE_LABELS,
                      columns=3),
    "studio_project": Question(N_("Is it a training project of a skills master studio (rather "
                                  "than a graded training project)?")),
    "technicians": Question(N_("How many technicians (技师) did you recruit from outside "
                               "Jiangmen or from abroad?"), hint=COUNT_HINT),
    "served_full_year": Question(N_("Have the recruited staff served a full year with you?")),
    "budget_cny": Question(N_("What is the competition's total organising budget?"),
                           hint=MONEY_HINT),
    "in_jiangmen_high_tech_zone": Question(
        N_("Is the unit (or, for a person, the employer) in the Jiangmen High-tech Zone "
           "(Jianghai District)?")),
    "enterprise_size": Question(N_("What size is the enterprise?"), ENTERPRISE_SIZE_LABELS,
                                columns=2),
    "hired_from_outside_city": Question(N_("Were they recruited from outside Jiangmen or from "
                                           "another country?")),
    "on_scarce_skills_list": Question(N_("Is the occupation on the district's list of urgently "
                                         "needed high-skill talent?")),
    "jiangmen_chief_technician": Question(N_("Are you an enterprise chief technician (under "
                                             "Jiangmen's chief technician system)?")),
}

# The same fact name asked differently by one program (program id, fact) -> Question.
PROGRAM_QUESTIONS: dict[tuple[str, str], Question] = {
    ("quzhou.skills_master_studio", "level"): Question(
        N_("At what level is the skills master studio rated?")),
    ("quzhou.public_training_base", "level"): Question(
        N_("At what level is the public training base listed?")),
    ("jiangmen.talent_introduction", "senior_technicians"): Question(
        N_("How many senior technicians (高级技师) did you recruit from outside Jiangmen or "
           "from abroad?"), hint=COUNT_HINT),
    ("jiangmen.competition_medal", "result"): Question(
        N_("What did you win at the provincial, national or world competition?"),
        columns=2),
}

GENERIC = N_("Please tell me: {fact}")
FACT_NAMES = {
    "skill_level": N_("skill level"),
    "birth_date": N_("date of birth"),
    "sex": N_("sex"),
    "female_original_retirement_age": N_("original retirement age"),
    "titles": N_("Quzhou craftsman titles"),
    "competition": N_("competition"),
    "result": N_("competition result"),
    "employer_type": N_("where you work"),
}


def question_for(fact: str, program: str = "") -> Question:
    """The wording of a fact, a program's own wording first."""
    return PROGRAM_QUESTIONS.get((program, fact)) or QUESTIONS.get(fact) or Question(GENERIC)


def fact_name(fact: str, env: Env) -> str:
    """A short name of a fact in words (for 'reused from your profile')."""
    msgid = FACT_NAMES.get(fact)
    return env.t._(msgid) if msgid else fact.replace("_", " ")
