"""The API's routes, one router per resource, all under :data:`api.PREFIX`."""

from fastapi import APIRouter

from api import PREFIX
from api.routes import (
    analytics,
    analytics_health,
    auth,
    documents,
    enterprises,
    interactions,
    model,
    placements,
    positions,
    research,
    service,
    students,
)

api_router = APIRouter(prefix=PREFIX)
for module in (
    service,
    auth,
    students,
    enterprises,
    positions,
    documents,
    interactions,
    placements,
    model,
    research,
    analytics,
    analytics_health,
):
    api_router.include_router(module.router)
