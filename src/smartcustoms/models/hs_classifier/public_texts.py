"""Real goods texts from public data that the HS classifier trains on, and the part it never
sees.

Two sources in the shared data folder (read by path, never copied into the project):
HMRC's tariff search references (``hs/uk_fpo/uk_fpo.jsonl``, MIT), of which a fixed fifth is
held out by a hash of the text for reporting, and US CBP ruling subjects kept for training
(``hs/cbp_cross/precedents_train.jsonl``, public domain; the 500 evaluation subjects are another
file, never read here). Codes that are not HS2022 subheadings (older nomenclatures) are dropped.
"""

import hashlib
from pathlib import Path

from smartcustoms.models.hs_classifier.evaluation import read_labelled
from smartcustoms.reference import hs

HMRC_REFERENCES = Path("hs/uk_fpo/uk_fpo.jsonl")
CBP_PRECEDENTS = Path("hs/cbp_cross/precedents_train.jsonl")
HELD_OUT_SHARE = 5
"""One text in five of the HMRC references is held out (by hash, so the part never changes)."""


def is_held_out(text: str) -> bool:
    """True for the fixed held-out part of a training source: a hash of the lower-cased text,
    so a duplicate text is on the same side."""
    digest = hashlib.sha256(text.strip().lower().encode("utf-8")).hexdigest()
    return int(digest, 16) % HELD_OUT_SHARE == 0


def held_out_references(shared_data: Path) -> tuple[list[str], list[str]]:
    """The HMRC references held out of training: descriptions and HS6 codes."""
    descriptions, codes = read_labelled(shared_data / HMRC_REFERENCES)
    pairs = [(d, c) for d, c in zip(descriptions, codes, strict=True) if is_held_out(d)]
    return [d for d, _ in pairs], [c for _, c in pairs]


def training_texts(shared_data: Path) -> tuple[list[str], list[str]]:
    """The public real texts to train on, where the shared data folder has them: HMRC references
    outside the held-out part and the CBP training subjects. Empty lists where absent."""
    descriptions: list[str] = []
    codes: list[str] = []
    for source, holds_out in ((HMRC_REFERENCES, True), (CBP_PRECEDENTS, False)):
        path = shared_data / source
        if not path.is_file():
            continue
        for text, code in zip(*read_labelled(path), strict=True):
            if (holds_out and is_held_out(text)) or hs.lookup(code) is None:
                continue
            descriptions.append(text)
            codes.append(code)
    return descriptions, codes
