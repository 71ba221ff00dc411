"""Validation: the load problems of a map plus everything its rules find."""

from __future__ import annotations

from .loader import LoadedMap
from .problems import Problem, sorted_problems
from .rules import run_rules


def validate(loaded: LoadedMap) -> list[Problem]:
    """Every problem of one loaded map, in reading order."""
    return sorted_problems(loaded.problems + run_rules(loaded))
