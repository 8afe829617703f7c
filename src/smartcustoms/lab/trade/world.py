"""The fixed part of a run: product catalogue, trading population, fraud trends and period."""

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from smartcustoms.lab.trade.duty import DutyRates
from smartcustoms.lab.trade.entities import Population, build_population
from smartcustoms.lab.trade.fraud import Drift, draw_drift
from smartcustoms.lab.trade.params import GenerationParams
from smartcustoms.lab.trade.products import Catalogue, build_catalogue
from smartcustoms.reference.tariff import Tariff, default_tariff


@dataclass(frozen=True, slots=True)
class World:
    """What stays fixed across the batches of one run."""

    params: GenerationParams
    duty_rates: DutyRates
    catalogue: Catalogue
    population: Population
    drift: Drift
    period_start_us: int
    """Start of the period, microseconds since the epoch (UTC)."""
    period_us: int


def build_world(
    rng: np.random.Generator, params: GenerationParams, tariff: Tariff | None = None
) -> World:
    """Draws the catalogue, the population and the period's fraud trends."""
    tariff = tariff or default_tariff()
    catalogue = build_catalogue(tariff)
    start = datetime(params.start.year, params.start.month, 1, tzinfo=UTC)
    end = datetime(params.end.year, params.end.month, 1, tzinfo=UTC)
    return World(
        params=params,
        duty_rates=DutyRates(tariff, catalogue),
        catalogue=catalogue,
        population=build_population(rng, catalogue, params.declarations),
        drift=draw_drift(rng, catalogue.size),
        period_start_us=int(start.timestamp()) * 1_000_000,
        period_us=int((end - start).total_seconds()) * 1_000_000,
    )
