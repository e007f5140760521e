"""The one error the document pipeline raises for a file it cannot use."""

from __future__ import annotations


class DocumentError(Exception):
    """A file that cannot be read or a plan that cannot be extracted.

    ``message`` is shown to the user as is, so it is Vietnamese with full diacritics.
    ``line`` and ``row`` point at the place in the source when one is known
    (a text line number, or a 1-based row of a task table).
    """

    def __init__(self, message: str, line: int | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.row = row

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"dòng {self.line}")
        if self.row is not None:
            where.append(f"hàng {self.row}")
        where = [place for place in where if place not in self.message]  # the message may already name it
        return f"{self.message} ({', '.join(where)})" if where else self.message
