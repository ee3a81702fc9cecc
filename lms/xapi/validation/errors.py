"""The single exception type raised by the xAPI statement validator."""

from __future__ import annotations


class StatementInvalid(ValueError):
    """A statement (or a value destined for one) breaks an xAPI 1.0.3 rule.

    ``path`` locates the offending value in JSON terms, e.g. ``statement.actor.mbox`` or
    ``statement[3].context.contextActivities.parent[0].id``; ``message`` says, in English, what
    is wrong with it. The HTTP layer turns this into ``400 Bad Request`` with ``str(error)``.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    def __reduce__(self) -> tuple[type[StatementInvalid], tuple[str, str]]:
        """Keep the two-argument constructor working through pickling/copying."""
        return (type(self), (self.path, self.message))
