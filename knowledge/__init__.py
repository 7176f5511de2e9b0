"""The rules module: what the skilled-worker policies say, as data and small programs.

Public API (contracts/rules-api.md): evaluate, evaluate_request, list_programs, match,
policy_status.
"""

from knowledge.api import evaluate, evaluate_request, list_programs, match, policy_status

__all__ = ["evaluate", "evaluate_request", "list_programs", "match", "policy_status"]
