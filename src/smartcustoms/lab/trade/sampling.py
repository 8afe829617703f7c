"""Small columnar drawing helpers shared by the generator's modules."""

import numpy as np
import polars as pl


def pick(rng: np.random.Generator, options: tuple[str, ...], size: int) -> pl.Series:
    """``size`` texts drawn uniformly from ``options``."""
    return pl.Series(options, dtype=pl.String).gather(rng.integers(0, len(options), size))


def reference_numbers(
    rng: np.random.Generator, prefixes: tuple[str, ...], digits: int, size: int
) -> pl.Series:
    """Document-style numbers: a prefix (carrier, airline, owner code) and zero-padded digits."""
    numbers = pl.Series(rng.integers(0, 10**digits, size)).cast(pl.String).str.zfill(digits)
    return pick(rng, prefixes, size) + numbers


def where(mask: np.ndarray, values: pl.Series, otherwise: pl.Series | None = None) -> pl.Series:
    """``values`` where ``mask`` holds, else ``otherwise`` (null when not given)."""
    if otherwise is None:
        otherwise = pl.Series([None] * len(values), dtype=values.dtype)
    return values.zip_with(pl.Series(mask), otherwise)
