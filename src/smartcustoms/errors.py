"""Domain errors that carry a pointer to the offending field and a message a person can act on."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One problem in one document: where (``goods_items[0].hs_code``) and what to do about it."""

    pointer: str
    message: str

    def __str__(self) -> str:
        return f"{self.pointer}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        """The JSON shape used by the CLI and the API: {"pointer": ..., "message": ...}."""
        return {"pointer": self.pointer, "message": self.message}


class SmartCustomsError(Exception):
    """Base of every error the product raises on purpose."""


class InvalidDeclarationError(SmartCustomsError):
    """A declaration failed validation; ``errors`` lists every problem found, not only the first."""

    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))


class ReadError(SmartCustomsError):
    """A file could not be read; the message names the file and the position."""

    def __init__(self, path: str, position: str, problem: str):
        self.path = path
        self.position = position
        self.problem = problem
        where = f"{path}:{position}" if position else path
        super().__init__(f"{where}: {problem}")


class NotFoundError(SmartCustomsError):
    """The thing asked for does not exist, or the caller may not know that it does."""


class ForbiddenError(SmartCustomsError):
    """The caller's role does not allow this action."""


class ConflictError(SmartCustomsError):
    """The request clashes with what is stored (a reused idempotency key, a duplicate id)."""


class ModelUnavailableError(SmartCustomsError):
    """A learned model is not there yet (or is of another version); the message names the
    command that trains it."""
