"""Small item frames built from the README example, and a writer for throwaway pack files."""

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from textwrap import dedent
from typing import Any

import polars as pl
import pytest

from smartcustoms.declarations.frame import to_frame
from smartcustoms.declarations.validation import parse_declaration

NOW = datetime(2026, 11, 27, tzinfo=UTC)


@pytest.fixture
def make_frame(example) -> Callable[..., pl.DataFrame]:
    """``make_frame(items=[{...}], documents=[types], **header)``: one declaration as a frame.

    Each item overrides the example's coffee item; ``documents`` lists document types.
    """

    def build(
        items: list[dict[str, Any]] | None = None,
        documents: list[str] = (),
        **header: Any,
    ) -> pl.DataFrame:
        base = example["goods_items"][0]
        declaration = {**example, **header}
        declaration.pop("invoice_total", None)
        declaration["goods_items"] = [
            {**base, **item, "sequence": n} for n, item in enumerate(items or [{}], start=1)
        ]
        declaration["documents"] = [
            {"type": kind, "number": f"DOC-{n}"} for n, kind in enumerate(documents, start=1)
        ]
        return to_frame([parse_declaration(declaration, now=NOW)])

    return build


@pytest.fixture
def write_pack(tmp_path) -> Callable[[str], Path]:
    """Writes a pack file (dedented YAML) into a fresh folder and returns its path."""

    def write(text: str, name: str = "pack.yaml") -> Path:
        path = tmp_path / name
        path.write_text(dedent(text).lstrip(), encoding="utf-8")
        return path

    return write
