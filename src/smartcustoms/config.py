"""The one settings object: every tunable comes from here or a ``SMARTCUSTOMS_*`` variable."""

from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

MAX_JSON_BYTES = 256 * 1024 * 1024
"""Default cap on a single JSON document, for library callers that pass no settings."""

BATCH_SIZE = 100_000
"""Default goods items per columnar batch, for library callers that pass no settings."""


class Settings(BaseSettings):
    """Runtime configuration; read once, passed down explicitly where code needs it."""

    model_config = SettingsConfigDict(env_prefix="SMARTCUSTOMS_")

    home: Path = Path("var")
    """Folder for local files: the embedded database, demo data, trained models."""

    shared_data: Path = Path("../shared/data")
    """Public data for benchmarks and evaluation; never copied into the repository. Relative
    paths are taken from the working directory (the default fits a run from the repository
    root, with the data beside the checkout)."""

    hs_eval_sets: Path = Path("benchmarks/data")
    """The held-out marketplace title sets the HS classifier is evaluated on; they ship with the
    source repository, not the package (the default fits a run from the repository root)."""

    max_json_bytes: int = MAX_JSON_BYTES
    """A single JSON document is parsed whole, so it is capped; bulk data belongs in
    JSON Lines, CSV or Parquet, which stream."""

    batch_size: int = BATCH_SIZE
    """Goods items per columnar batch when streaming files."""

    database_url: str | None = None
    """SQLAlchemy URL of the clearance store, e.g. postgresql+psycopg://user@host/db; the
    embedded default is an SQLite file under ``home``."""

    rule_packs: list[str] = []
    """Rule packs used in screening, by shipped name or path; empty means every shipped pack."""

    vat_percent: Decimal = Decimal("13")
    """Import VAT on customs value plus duty."""

    max_body_bytes: int = 2 * 1024 * 1024
    """Largest request body the API accepts for a declaration."""

    max_upload_bytes: int = 10 * 1024 * 1024
    """Largest supporting document the API accepts."""

    replay_clock: bool = False
    """Lets requests carry their own time (``Smartcustoms-Replay-Time`` header) so a replay of
    generated traffic lands at its simulated times; only for demo and test stores, never live."""


@lru_cache
def get_settings() -> Settings:
    """Returns the process-wide settings, read from the environment on first use."""
    return Settings()
