"""Who may see or change what: 403 for the wrong account, 404 for an unknown student.

A student sees and edits only her own data, an advisor that of the students of her cohorts, an
admin everyone's; an enterprise changes only itself and its positions.
"""

from __future__ import annotations

from fastapi import HTTPException, status

from matcher.engine.snapshot import Engine
from matcher.schemas import Role, Student, User
from matcher.store.database import Store


def may_view_student(user: User, student_id: str, engine: Engine) -> None:
    """403 unless ``user`` may see ``student_id``'s data; 404 for a student not indexed.

    The caller audits the view (:func:`api.audit.audit_view`) once it is allowed.
    """
    if user.role == Role.student:
        if user.student_id != student_id:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "students see only their own data")
        if student_id not in engine.students.index:
            raise HTTPException(status.HTTP_404_NOT_FOUND, "your profile is not indexed yet")
        return
    if user.role not in (Role.advisor, Role.admin):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, f"a {user.role.value} account cannot see student data"
        )
    s = engine.students.index.get(student_id)
    if user.role == Role.advisor and (
        s is None or engine.students.cohort[s] not in set(user.cohorts)
    ):
        # The same answer whether or not the id exists: a 404 told advisors which ids do.
        raise HTTPException(status.HTTP_403_FORBIDDEN, "advisors see only their cohorts")
    if s is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown student {student_id!r}")


def editable_student(store: Store, user: User, student_id: str) -> Student:
    """The student record ``user`` may see and change: 403 for one she may not, whether or not
    it exists (only an admin learns that an id is unknown, with 404)."""
    student = store.get("students", student_id)
    if student is None:
        if user.role == Role.admin:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"unknown student {student_id!r}")
        raise HTTPException(403, "only the student, her advisor or an admin change a profile")
    may_edit_student(user, student)
    return student  # type: ignore[return-value]


def may_edit_student(user: User, student: Student) -> None:
    """403 unless ``user`` is the student, an advisor of her cohort or an admin."""
    if user.role == Role.admin:
        return
    if user.role == Role.student and user.student_id == student.id:
        return
    if user.role == Role.advisor and student.cohort in set(user.cohorts):
        return
    raise HTTPException(403, "only the student, her advisor or an admin change a profile")


def may_edit_enterprise(user: User, enterprise_id: str) -> None:
    """403 unless ``user`` is the enterprise itself or an admin."""
    if user.role == Role.admin:
        return
    if user.role == Role.enterprise and user.enterprise_id == enterprise_id:
        return
    raise HTTPException(403, "only the enterprise itself or an admin change it")
