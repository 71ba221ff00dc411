"""The closed vocabularies of the format: kinds of claims and evidence, types of agents.

Kept apart from the pydantic models (argmap/model.py) so that the rest of
argmap can use them without importing pydantic.
"""

from __future__ import annotations

from enum import Enum


class ClaimKind(str, Enum):
    """What sort of statement a claim is."""

    FACT = "fact"
    INTERPRETATION = "interpretation"
    CAUSAL = "causal"
    PREDICTION = "prediction"
    EVALUATION = "evaluation"
    NORMATIVE = "normative"
    POLICY = "policy"


class EvidenceKind(str, Enum):
    """What sort of support a piece of evidence is."""

    EVENT = "event"
    STATISTIC = "statistic"
    STATEMENT = "statement"
    EXAMPLE = "example"
    REPORT = "report"
    OBSERVATION = "observation"


class AgentType(str, Enum):
    """Who asserts a claim."""

    AUTHOR = "author"
    PERSON = "person"
    GOVERNMENT = "government"
    ORGANISATION = "organisation"
    GROUP = "group"
    MEDIA = "media"
    COMMON_BELIEF = "common-belief"


class Label(str, Enum):
    """What evaluation concludes about a node or an inference (docs/evaluation.md)."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    UNDECIDED = "undecided"
