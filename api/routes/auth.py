"""Accounts: a username and password exchanged for a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from api.deps import StoreDep
from api.schemas import Token
from api.security import issue_token
from matcher.store.accounts import authenticate

router = APIRouter(prefix="/auth", tags=["accounts"])


@router.post("/token", response_model=Token)
def token(
    request: Request, store: StoreDep, form: Annotated[OAuth2PasswordRequestForm, Depends()]
) -> Token:
    """Exchange a username and password (OAuth2 password form) for a bearer token."""
    user = authenticate(store, form.username, form.password)
    if user is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "wrong username or password",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return issue_token(request.app.state, user)
