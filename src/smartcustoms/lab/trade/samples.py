"""A handful of generated declarations as canonical objects, for test sets built on them
(rendered documents, quality reports)."""

from itertools import islice

from smartcustoms.declarations.frame import group_rows, rows_to_document
from smartcustoms.declarations.schema import Declaration
from smartcustoms.declarations.validation import validate_declaration
from smartcustoms.lab.trade.generator import iter_batches
from smartcustoms.lab.trade.params import GenerationParams


def sample_declarations(count: int, seed: int) -> list[Declaration]:
    """The first ``count`` valid declarations of a generated world with ``seed``."""
    params = GenerationParams(declarations=max(count, 1), seed=seed)
    found: list[Declaration] = []
    for items, _ in iter_batches(params):
        for group in group_rows([items]):
            declaration, errors = validate_declaration(rows_to_document(group.rows))
            if declaration is not None and not errors:
                found.append(declaration)
    return list(islice(found, count))
