"""Duty rates of the synthetic world: the tariff plus anti-dumping duty, per product x origin x
preference claim, looked up in the tariff once per combination a run meets."""

import numpy as np
import polars as pl

from smartcustoms.lab.trade import routes
from smartcustoms.lab.trade.products import Catalogue
from smartcustoms.reference.tariff import Tariff

_COUNTRIES = pl.Series(routes.COUNTRIES, dtype=pl.String)


class DutyRates:
    """Duty percent per goods item; a memo over :meth:`Tariff.rates`, since a million items
    repeat a few thousand combinations and the tariff is asked per distinct combination."""

    def __init__(self, tariff: Tariff, catalogue: Catalogue) -> None:
        self._tariff = tariff
        self._catalogue = catalogue
        self._codes = pl.Series(catalogue.codes, dtype=pl.String)
        self._known = np.full((catalogue.size, len(routes.COUNTRIES), 2), np.nan)

    def __call__(
        self, product: np.ndarray, origin: np.ndarray, preference: np.ndarray
    ) -> np.ndarray:
        """Tariff rate (preferential where claimed and granted) plus any anti-dumping duty."""
        claimed = preference.astype(np.intp)
        unknown = np.isnan(self._known[product, origin, claimed])
        if unknown.any():
            combos = np.unique(
                np.stack([product[unknown], origin[unknown], claimed[unknown]]), axis=1
            )
            looked_up = self._tariff.rates(
                self._codes.gather(combos[0]),
                _COUNTRIES.gather(combos[1]),
                pl.Series(combos[2].astype(bool)),
            ).to_numpy()
            anti_dumping = self._catalogue.anti_dumping_rate[combos[0], combos[1]]
            self._known[combos[0], combos[1], combos[2]] = looked_up + anti_dumping
        return self._known[product, origin, claimed]
