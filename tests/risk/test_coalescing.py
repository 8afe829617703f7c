from concurrent.futures import ThreadPoolExecutor

import pytest

from smartcustoms.declarations.frame import group_rows, rows_to_document
from smartcustoms.declarations.validation import parse_declaration
from smartcustoms.risk.coalescing import CoalescingScreener
from smartcustoms.risk.screening import screen_declarations
from smartcustoms.risk.training import train_screening
from smartcustoms.rules.loader import shipped_packs


@pytest.fixture(scope="module")
def screening(history):
    return train_screening(history, shipped_packs())


@pytest.fixture(scope="module")
def declarations(later):
    return [parse_declaration(rows_to_document(g.rows)) for g in group_rows([later.head(400)])]


def test_concurrent_calls_share_batches_and_get_their_own_outcomes(screening, declarations):
    screener = CoalescingScreener(screening, max_batch=16)
    with ThreadPoolExecutor(max_workers=24) as pool:
        together = list(pool.map(screener, declarations))
    alone = [screen_declarations([d], screening)[0] for d in declarations]
    assert together == alone
    assert 1 < screener.largest_batch <= 16
    assert {o.channel for o in together} > {"green"}  # the outcomes are not all alike


def test_a_repeated_declaration_id_waits_for_the_next_batch(screening, declarations):
    screener = CoalescingScreener(screening)
    twice = [declarations[0], declarations[0], declarations[1]]
    with ThreadPoolExecutor(max_workers=3) as pool:
        outcomes = list(pool.map(screener, twice))
    assert outcomes[0] == outcomes[1] == screen_declarations([declarations[0]], screening)[0]


def test_a_batch_refuses_repeated_ids(screening, declarations):
    with pytest.raises(ValueError, match="once per batch"):
        screen_declarations([declarations[0], declarations[0]], screening)
