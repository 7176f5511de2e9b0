"""Importing this package registers every program in knowledge.registry.REGISTRY.

One module per policy document, named by its id (knowledge/policies/<id>.yaml, test cases
tests/knowledge/cases/<id>.yaml); a document with many programmes may have a second module
with a suffix (..._training, ..._employers).
"""

from knowledge.programs import (  # noqa: F401
    china_retirement_age_2024,
    jiangmen_gaoxin_craftsman_2018,
    jiangsu_excellent_technician,
    jiangsu_excellent_technician_training,
    jiangsu_special_technician_pilot,
    quzhou_craftsman_draft,
    quzhou_craftsman_draft_employers,
)
