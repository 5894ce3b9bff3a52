"""The web pages: server-rendered (Jinja2, no front-end build), Chinese by default.

:mod:`api.web.common` has what every page shares (templates, the account, the language, error
pages); :mod:`api.web.auth` the login; :mod:`api.web.home` each role's ``/me``; one module per
role holds that role's pages (:mod:`api.web.student`, :mod:`api.web.enterprise`,
:mod:`api.web.advisor`, :mod:`api.web.research`). Their words are the pages' part of the one
catalogue, :mod:`matcher.messages`.
"""

from __future__ import annotations

from fastapi import APIRouter

from api.web import advisor, auth, enterprise, home, market, research, student

router = APIRouter(include_in_schema=False)
for module in (auth, home, student, enterprise, advisor, research, market):
    router.include_router(module.router)
