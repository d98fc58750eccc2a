"""The domain's error hierarchy. The CLI and the API turn these into messages a person can act on."""

from __future__ import annotations


class AssistantError(Exception):
    """Base class of every error the assistant raises on purpose."""


class CorpusError(AssistantError):
    """A corpus file is missing or invalid. Names the file, the line, the entry and the field."""

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        entry: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.entry = entry
        self.field = field
        self.detail = message
        where = path
        if line is not None:
            where += f":{line}"
        parts = [where]
        if entry is not None:
            parts.append(f"entry {entry!r}")
        if field is not None:
            parts.append(f"field {field!r}")
        super().__init__(f"{', '.join(parts)}: {message}")


class IndexNotFoundError(AssistantError):
    """No usable index has been built yet."""


class IndexMismatchError(AssistantError):
    """The index was built with another analyzer or embedder than the one configured."""


class EmbedderError(AssistantError):
    """An embedding model could not be loaded or used."""


class InputError(AssistantError):
    """A request from a person or a tool is not acceptable (too long, empty, wrong language code)."""


class TestSetError(AssistantError):
    """An evaluation test set is invalid. Names the file, the case id and the field."""

    __test__ = False  # not a pytest test class

    def __init__(self, path: str, message: str, *, case: str | None = None, field: str | None = None) -> None:
        self.path, self.case, self.field = path, case, field
        where = [path]
        if case is not None:
            where.append(f"case {case!r}")
        if field is not None:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}")


class RouterDataError(AssistantError):
    """A router training file is invalid. Names the file, the line and the field."""

    def __init__(self, path: str, message: str, *, line: int | None = None, field: str | None = None) -> None:
        self.path, self.line, self.field = path, line, field
        where = path if line is None else f"{path}:{line}"
        parts = [where] + ([f"field {field!r}"] if field else [])
        super().__init__(f"{', '.join(parts)}: {message}")
