"""The researcher's and the admin's pages: the latest offline report and the served model."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, Response

from api.deps import EngineDep, SettingsDep
from api.web.common import PageUser, page
from matcher.config import Settings
from matcher.schemas import Role, User

router = APIRouter(include_in_schema=False)


def home(request: Request, user: User, engine: EngineDep, settings: SettingsDep) -> Response:
    """The latest report and the served model."""
    report, plots = _latest_report(settings)
    model = (
        f"{engine.directory.name if engine.directory else '–'} · "
        f"{'learned' if engine.ranker is not None else 'prior'}"
    )
    return page(request, "research/home.html", user, report=report, plots=plots, model=model)


@router.get("/reports/{name:path}")
def report_file(name: str, user: PageUser, settings: SettingsDep) -> Response:
    """A plot of the latest report (researchers and admins only)."""
    if user is None or user.role not in (Role.researcher, Role.admin):
        raise HTTPException(403, "researchers only")
    folder = _report_dir(settings).resolve()
    path = (folder / name).resolve()
    if folder not in path.parents or not path.is_file():
        raise HTTPException(404, "no such report file")
    return FileResponse(path)


def _report_dir(settings: Settings) -> Path:
    return Path(settings.models_dir) / "report"


def _latest_report(settings: Settings) -> tuple[str | None, list[str]]:
    folder = _report_dir(settings)
    report = folder / "report.md"
    if not report.is_file():
        return None, []
    plots = sorted(str(p.relative_to(folder)) for p in (folder / "plots").glob("*.png"))
    return report.read_text(encoding="utf-8"), plots


