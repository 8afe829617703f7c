"""Reading labelled test files and measuring HS accuracy the way the published figures do:
exact match of the predicted HS6's first 2, 4 and 6 digits, top-1 and top-5."""

import json
import re
from collections.abc import Sequence
from pathlib import Path

from smartcustoms.errors import ReadError

_NOT_DIGITS = re.compile(r"[\s.\-]")
ACCURACY_KEYS = ("top1@2", "top1@4", "top1@6", "top5@2", "top5@4", "top5@6")


def _hs6_of(code: object) -> str | None:
    """The first six digits of a 6-10 digit code written with dots, dashes or spaces; None for
    anything shorter (a chapter or heading is no answer to score a subheading against)."""
    digits = _NOT_DIGITS.sub("", str(code or ""))
    head = re.match(r"\d+", digits)
    return head.group()[:6] if head and len(head.group()) >= 6 else None


def read_labelled(
    path: Path, fields: Sequence[str] = ("description",)
) -> tuple[list[str], list[str]]:
    """Descriptions and HS6 codes from JSON Lines (one object per line) or a JSON array of
    objects; ``fields`` are joined with "; " to form the description. Records without a usable
    code are skipped; a line that is not JSON raises ReadError with its line number."""
    text = Path(path).read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ReadError(str(path), "", f"not valid JSON: {exc}") from exc
    else:
        records = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ReadError(str(path), f"line {number}", f"not valid JSON: {exc}") from exc
    descriptions, codes = [], []
    for record in records:
        hs6 = _hs6_of(record.get("hs_code")) if isinstance(record, dict) else None
        if hs6 is None:
            continue
        descriptions.append("; ".join(str(record[f]) for f in fields if record.get(f)))
        codes.append(hs6)
    return descriptions, codes


def topk_accuracy(predicted: Sequence[Sequence[str]], truth: Sequence[str]) -> dict[str, float]:
    """Share of items whose top-1 (first) or top-5 predictions match the true code's first 2, 4
    and 6 digits; an abstention still counts its candidates (it is scored, not excused)."""
    if not truth:
        return dict.fromkeys(ACCURACY_KEYS, 0.0)
    result = {}
    for key in ACCURACY_KEYS:
        k, digits = (int(part) for part in key.removeprefix("top").split("@"))
        hits = sum(
            any(code[:digits] == true[:digits] for code in codes[:k])
            for codes, true in zip(predicted, truth, strict=True)
        )
        result[key] = hits / len(truth)
    return result


def by_chapter(
    predicted: Sequence[Sequence[str]], truth: Sequence[str]
) -> dict[str, dict[str, float]]:
    """Per true chapter: its item count and top-1 accuracy at 2, 4 and 6 digits, to see where
    a set is weakest."""
    rows: dict[str, list[tuple[Sequence[str], str]]] = {}
    for codes, true in zip(predicted, truth, strict=True):
        rows.setdefault(true[:2], []).append((codes, true))
    return {
        chapter: {"items": len(pairs)}
        | {
            key: value
            for key, value in topk_accuracy([p for p, _ in pairs], [t for _, t in pairs]).items()
            if key.startswith("top1")
        }
        for chapter, pairs in sorted(rows.items())
    }


def evaluate(model, descriptions: Sequence[str], hs6_codes: Sequence[str]) -> dict:
    """Accuracy of ``model`` (anything with ``predict_topk``) on labelled descriptions, with the
    item count, the share of abstentions, the top-1 accuracy at 4 digits of the answered rows
    and the figures :func:`by_chapter` alongside the ``ACCURACY_KEYS``."""
    suggestions = model.predict_topk(descriptions, k=5)
    predicted = [[c.hs6 for c in s.candidates] for s in suggestions]
    result = topk_accuracy(predicted, hs6_codes)
    result["abstained"] = sum(s.abstained for s in suggestions) / max(len(suggestions), 1)
    answered = [
        (p, t) for p, t, s in zip(predicted, hs6_codes, suggestions, strict=True) if not s.abstained
    ]
    result["answered_top1@4"] = (
        sum(bool(p) and p[0][:4] == t[:4] for p, t in answered) / len(answered) if answered else 0.0
    )
    result["items"] = len(hs6_codes)
    result["by_chapter"] = by_chapter(predicted, hs6_codes)
    return result


def flag_at_budget(
    scores: Sequence[float | None], misdeclared: Sequence[bool], budget: float = 0.05
) -> dict[str, float]:
    """Precision and recall of flagging the ``budget`` share of items with the highest scores
    (missing scores rank last), against the truth of which items were misdeclared."""
    ranked = sorted(
        range(len(scores)),
        key=lambda i: -scores[i] if scores[i] is not None else float("inf"),
    )
    flagged = set(ranked[: max(1, round(budget * len(scores)))]) if scores else set()
    hits = sum(misdeclared[i] for i in flagged)
    positives = sum(misdeclared)
    return {
        "precision": hits / len(flagged) if flagged else 0.0,
        "recall": hits / positives if positives else 0.0,
        "flagged": len(flagged),
    }
