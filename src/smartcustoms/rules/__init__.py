"""Regulations as code: rule packs in YAML, compiled to vectorised checks over goods items.

Load packs with :func:`load_pack` or :func:`shipped_packs`, screen a batch with :func:`evaluate`,
and measure a pack on labelled data with :func:`smartcustoms.rules.backtest.backtest`.
"""

from smartcustoms.rules.evaluation import RESULT_SCHEMA, evaluate
from smartcustoms.rules.loader import PackError, RulePack, load_pack, resolve_pack, shipped_packs

__all__ = [
    "RESULT_SCHEMA",
    "PackError",
    "RulePack",
    "evaluate",
    "load_pack",
    "resolve_pack",
    "shipped_packs",
]
