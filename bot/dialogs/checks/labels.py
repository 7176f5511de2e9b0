"""Button labels for the enum values the policy data does not name itself (message ids,
translated when drawn). Values named in a policy's `meta.value_labels`
(knowledge/policies/*.yaml) take their names from there (checks/flow.py `_options`).

Kept apart from the question wording (bot/dialogs/checks/questions.py) so that menus, /match and
the results can name a value the same way the questions do.
"""

from __future__ import annotations

from bot.dialogs.engine.types import N_

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






GRADE_LABELS = {
    1: N_("Grade 1 (一级)"),
    2: N_("Grade 2 (二级)"),
    3: N_("Grade 3 (三级)"),
}

SEX_LABELS = {"male": N_("Man"), "female": N_("Woman")}

ORIGINAL_AGE_LABELS = {50: N_("50 – worker post"), 55: N_("55 – management or technical post")}

ENTERPRISE_SIZE_LABELS = {
    "large": N_("Large enterprise"),
    "medium": N_("Medium-sized enterprise"),
    "small": N_("Small enterprise"),
    "micro": N_("Micro enterprise"),
    "unsure": N_("Not sure"),
}
