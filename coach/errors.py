"""One error hierarchy, so pages can catch `BackCoachError` and show its message."""


class BackCoachError(Exception):
    """Base class for every error Back Coach raises on purpose."""


class InvalidInput(BackCoachError, ValueError):
    """The caller passed a value that is missing, of the wrong type or out of range."""


class ContentError(BackCoachError, ValueError):
    """A shipped data file is malformed or refers to something that does not exist."""


class DatabaseUnavailable(BackCoachError):
    """The database cannot be used where it is configured; the message names no server path."""


class NotFound(BackCoachError, LookupError):
    """A record does not exist for this owner (or at all: we never say which).

    Its message reaches the person who acted, often after another tab or another trainer
    deleted or unshared the record: it says what was gone and what happened, never an id.
    """

    def __init__(self, kind: str) -> None:
        super().__init__(
            f"This {kind} is no longer here: deleted (perhaps in another tab) or no longer "
            "shared with you. Nothing was changed."
        )
        self.kind = kind


class Busy(BackCoachError):
    """The database stayed locked by other writers past the wait and one retry; nothing changed."""

    def __init__(self) -> None:
        super().__init__(
            "Back Coach is busy right now, so nothing was changed. Please try again in a moment."
        )


class ErasureUnfinished(BackCoachError):
    """Rows were deleted, but copies stay in SQLite's write-ahead log until a checkpoint that
    another reader blocked can finish; `finish_erasure` tries again."""

    def __init__(self, what: str) -> None:
        """`what` says what was deleted, as the start of a sentence ("The client was")."""
        super().__init__(
            f"{what} deleted, but another screen was reading the database at that moment, so "
            "old copies could not yet be wiped from its journal file. Back Coach tries again "
            "every few minutes."
        )


class ImportRejected(InvalidInput):
    """A whole import was refused; `problems` lists each row-level message."""

    def __init__(self, problems: list[str], outcome: str = "Nothing was imported"):
        self.problems = problems
        shown = "; ".join(problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{outcome}: {shown}{more}")


class DatabaseUnreachable(BackCoachError, ConnectionError):
    """The database server did not answer; `server` is its host and port, never credentials."""

    def __init__(self, server: str):
        self.server = server
        super().__init__(
            f"The database server at {server} cannot be reached. Back Coach keeps trying: "
            "this page tries again every few seconds."
        )
