"""Every exception of the matcher, in one place (as ``sklearn.exceptions`` keeps its own).

Each says what went wrong in words a user can act on; the command line prints them as one line
and the service answers them with a 4xx and the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class MatcherError(Exception):
    """Base of the matcher's own errors.

    One raised with a ``key`` of the message catalogue (:mod:`matcher.messages`) and its
    ``fields`` can be shown in the reader's language (:meth:`localized`); its text is the
    English one.
    """

    def __init__(self, text: str = "", *, key: str | None = None, **fields: object) -> None:
        super().__init__(text)
        self.key = key
        self.fields = fields

    def localized(self, lang: str | None) -> str:
        """The message in ``lang`` when it has a key, else its own text."""
        if self.key is None:
            return str(self)
        from matcher.messages import message

        return message(self.key, lang, **self.fields)


class ArtifactError(MatcherError):
    """A missing, half-written or mismatched artefact; the message names the command to rebuild."""


@dataclass(frozen=True)
class Problem:
    """One problem found while importing, printed as ``FILE:LINE: field: problem``."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class ImportFailed(MatcherError):
    """The import was refused; nothing was written."""

    def __init__(self, problems: Sequence[Problem], total: int) -> None:
        self.problems = list(problems)
        self.total = total
        super().__init__(f"{total} problem(s); nothing was imported")

    def lines(self) -> list[str]:
        """The printed problems, then a count of those left out."""
        out = [str(p) for p in self.problems]
        if self.total > len(self.problems):
            out.append(f"... and {self.total - len(self.problems)} more problem(s)")
        out.append(f"import refused: {self.total} problem(s); nothing was imported")
        return out


class AccountError(MatcherError, ValueError):
    """A user that cannot be created (taken name, unknown linked record, weak password)."""


class SchemaError(MatcherError, RuntimeError):
    """The database holds tables that are not a store this code can migrate."""


class SplitError(MatcherError, ValueError):
    """A train/test split that would leak the test window into training."""


class NobodyToPlace(MatcherError, ValueError):
    """A cohort selection that matches nobody, or nobody still to place."""


class EventRefused(MatcherError):
    """An interaction its account may not record: not its own to record (``kind`` is
    ``"not_allowed"``), or out of the funnel's order (``"out_of_order"``)."""

    def __init__(self, text: str, *, kind: str, key: str | None = None, **fields: object):
        super().__init__(text, key=key, **fields)
        self.kind = kind


class DocumentError(MatcherError, ValueError):
    """An uploaded document that cannot be read; ``status`` is the HTTP status it answers.

    413 for a file over the size limit, 415 for a type that is not PDF, DOCX or text (told
    from the bytes), 422 for one that is encrypted, damaged, scanned or over a reading limit.
    """

    def __init__(self, status: int, key: str, **fields: object) -> None:
        from matcher.messages import message

        super().__init__(message(key, "en", **fields), key=key, **fields)
        self.status = status


class SimConfigError(MatcherError, ValueError):
    """A simulator configuration (``matcher simulate --config FILE``) that cannot make a world;
    the message names the file, the parameter and the problem."""
