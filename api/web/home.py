"""``/me``: each role's home page, from the module of that role."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import EngineDep, SettingsDep, StoreDep
from api.web import advisor, enterprise, research, student
from api.web.common import PageUser, login_first
from matcher.schemas import Role

router = APIRouter(include_in_schema=False)


@router.get("/me", response_class=HTMLResponse)
def me(
    request: Request, user: PageUser, engine: EngineDep, store: StoreDep, settings: SettingsDep
) -> Response:
    """The home page of the logged-in account's role."""
    if user is None:
        return login_first()
    if user.role == Role.student:
        return student.home(request, user, engine, store)
    if user.role == Role.enterprise:
        return enterprise.home(request, user, engine, store)
    if user.role == Role.advisor:
        return advisor.home(request, user, engine, store)
    if user.role in (Role.researcher, Role.admin):
        return research.home(request, user, engine, settings)
    raise HTTPException(403, "no page for this role")
