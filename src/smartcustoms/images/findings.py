"""What an image check reports: findings a risk fusion and an officer can act on."""

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["rescan", "alert", "info"]


@dataclass(frozen=True)
class Box:
    """A region in image pixels: left, top, right, bottom (right and bottom excluded)."""

    left: int
    top: int
    right: int
    bottom: int

    def overlaps(self, other: "Box") -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


@dataclass(frozen=True)
class Finding:
    """One observation: a code for machines, a sentence for people, and where on the image."""

    code: str
    severity: Severity
    message: str
    region: Box | None = None
    evidence: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
