"""Accounts: a username and password exchanged for a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.security import OAuth2PasswordRequestForm

from api.deps import CurrentUser, StoreDep
from api.logins import verify
from api.schemas import Account, Token, errors, links
from api.security import issue_token
from matcher.store.accounts import end_sessions

router = APIRouter(prefix="/auth", tags=["accounts"])


@router.post(
    "/token", response_model=Token, responses=errors((401, "wrong username or password"), 422, 429)
)
async def token(request: Request, form: Annotated[OAuth2PasswordRequestForm, Depends()]) -> Token:
    """Exchange a username and password (OAuth2 password form) for a bearer token.

    Failed logins are throttled per account and per client address (429 with ``Retry-After``);
    the password check never takes the thread that ranks (:mod:`api.logins`).
    """
    user = await verify(request, form.username, form.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return issue_token(request.app.state, user)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT, responses=errors(401))
def logout(user: CurrentUser, store: StoreDep) -> Response:
    """End every session of the account: this token and all others issued before now stop
    working (a password change or a disabled account does the same)."""
    end_sessions(store, user.username)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


_OWN_STUDENT = {"student_id": "$response.body#/student_id"}
_OWN_ENTERPRISE = {"enterprise_id": "$response.body#/enterprise_id"}


@router.get(
    "/me",
    response_model=Account,
    responses={
        **errors(401),
        **links(
            200,
            OwnStudent={"operationId": "read_student", "parameters": _OWN_STUDENT},
            OwnProfileUpdate={"operationId": "update_student", "parameters": _OWN_STUDENT},
            OwnRecommendations={"operationId": "recommendations", "parameters": _OWN_STUDENT},
            OwnEnterprise={"operationId": "read_enterprise", "parameters": _OWN_ENTERPRISE},
            OwnPositions={"operationId": "enterprise_positions", "parameters": _OWN_ENTERPRISE},
        ),
    },
)
def me(user: CurrentUser) -> Account:
    """The signed-in account: its role, and the student, enterprise or cohorts it acts for."""
    return Account.model_validate(user.model_dump(include=set(Account.model_fields)))
