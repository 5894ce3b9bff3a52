"""The audit trail: every view of a student's data by someone other than the student.

Each view is a row of the store's audit table and a line of the ``matcher.audit`` log. Writing
the row raises on failure, so an unaudited view is never served.
"""

from __future__ import annotations

import logging

from matcher.schemas import Role, User
from matcher.store.database import Store

audit = logging.getLogger("matcher.audit")


def audit_view(store: Store, user: User, action: str, student_id: str, detail: str = "") -> None:
    """Record a view of ``student_id``'s data by ``user`` (not when she is the student)."""
    audit_views(store, user, action, [student_id], detail)


def audit_views(
    store: Store, user: User, action: str, student_ids: list[str], detail: str = ""
) -> None:
    """:func:`audit_view` for many students in one transaction."""
    others = [s for s in student_ids if not (user.role == Role.student and user.student_id == s)]
    if not others:
        return
    store.record_audits(user.id, user.role.value, action, others, detail)
    for sid in others:
        audit.info("user %s (%s) %s student %s", user.id, user.role.value, action, sid)
