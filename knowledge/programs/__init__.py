"""Importing this package registers every program in knowledge.core.REGISTRY."""

from knowledge.programs import (  # noqa: F401
    china,
    jiangmen,
    jiangsu_excellent,
    jiangsu_excellent_training,
    jiangsu_special,
    quzhou,
    quzhou_employers,
)
