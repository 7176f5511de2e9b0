"""Importing this package registers every program in knowledge.core.REGISTRY."""

import importlib

from knowledge.programs import (  # noqa: F401
    china,
    jiangsu_excellent,
    jiangsu_excellent_training,
    jiangsu_special,
)

# K2's modules: imported only once they exist (K2 turns these into plain imports).
for _name in ("quzhou", "jiangmen"):
    try:
        importlib.import_module(f"knowledge.programs.{_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"knowledge.programs.{_name}":
            raise
