"""The example files the README walks through stay valid declarations."""

from pathlib import Path

import pytest

from smartcustoms.declarations.io import iter_declarations

EXAMPLES = sorted((Path(__file__).parents[1] / "examples").glob("*.json"))


def test_there_are_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_is_a_valid_declaration(path):
    assert len(list(iter_declarations(path))) == 1
