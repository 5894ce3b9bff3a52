"""Bearer tokens, signed (HS256) with the service's secret and naming the account they are for."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jwt
from fastapi.security import OAuth2PasswordBearer

from api import PREFIX
from api.schemas import Token
from matcher.schemas import User
from matcher.store.accounts import find_user

ALGORITHM = "HS256"

#: Where a client gets a token; the scheme reads it from ``Authorization: Bearer …`` (optional
#: here, so that a missing token gets the service's own 401 message).
oauth2 = OAuth2PasswordBearer(tokenUrl=f"{PREFIX}/auth/token", auto_error=False)


def issue_token(state: Any, user: User) -> Token:
    """A signed bearer token for ``user``, valid for the configured minutes."""
    expires = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=state.token_minutes)
    claims = {
        "sub": user.username,
        "role": user.role.value,
        "ver": user.token_version,
        "exp": expires,
    }
    encoded = jwt.encode(claims, state.secret, algorithm=ALGORITHM)
    return Token(access_token=encoded, expires_in=state.token_minutes * 60)


def user_of_token(state: Any, token: str) -> User | None:
    """The account a valid token was issued to, else ``None``.

    The token must carry an expiry that has not passed, and the account's current token
    version: a password change, a disabled account or a logout raises the version and so ends
    every token issued before it. A disabled account has no valid token.
    """
    try:
        claims = jwt.decode(
            token, state.secret, algorithms=[ALGORITHM], options={"require": ["exp", "sub", "ver"]}
        )
    except jwt.PyJWTError:
        return None
    user = find_user(state.store, str(claims["sub"]))
    if user is None or user.disabled or claims["ver"] != user.token_version:
        return None
    return user
