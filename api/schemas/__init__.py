"""Request and response bodies of the API, one module per resource.

Record resources come as families, as in the FastAPI full-stack template: ``XCreate`` (a new
record), ``XUpdate`` (the fields to change, all optional), ``XPublic`` (what is answered), all
built from :mod:`matcher.schemas` (see :mod:`api.schemas.common`).
"""

from api.schemas.common import errors, links, stored
from api.schemas.enterprises import EnterpriseCreate, EnterprisePublic, EnterpriseUpdate
from api.schemas.interactions import InteractionCreate, InteractionPublic
from api.schemas.model import ModelStatus, Queued
from api.schemas.placements import Assignment, Pair, PlanCreate, PlanPublic
from api.schemas.positions import PositionClose, PositionCreate, PositionPublic, PositionUpdate
from api.schemas.recommendations import (
    CandidatePublic,
    EnterpriseRecommendation,
    RecommendationPublic,
)
from api.schemas.research import PseudonymousInteraction, PseudonymousStudent
from api.schemas.service import Account, Health, Token
from api.schemas.students import StudentCreate, StudentPublic, StudentUpdate

__all__ = [
    "Account",
    "Assignment",
    "CandidatePublic",
    "EnterpriseCreate",
    "EnterprisePublic",
    "EnterpriseRecommendation",
    "EnterpriseUpdate",
    "Health",
    "InteractionCreate",
    "InteractionPublic",
    "ModelStatus",
    "Pair",
    "PlanCreate",
    "PlanPublic",
    "PositionClose",
    "PositionCreate",
    "PositionPublic",
    "PositionUpdate",
    "PseudonymousInteraction",
    "PseudonymousStudent",
    "Queued",
    "RecommendationPublic",
    "StudentCreate",
    "StudentPublic",
    "StudentUpdate",
    "Token",
    "errors",
    "links",
    "stored",
]
