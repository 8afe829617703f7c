"""The screening the API runs: trained models from the model folder when there are any, the
rule packs always."""

from pathlib import Path

from smartcustoms.config import Settings
from smartcustoms.risk.coalescing import CoalescingScreener
from smartcustoms.risk.outcome import Screener
from smartcustoms.risk.screening import Screening
from smartcustoms.risk.training import POLICY_FILE, load_screening
from smartcustoms.rules.loader import RulePack, resolve_pack, shipped_packs


def packs_from_settings(settings: Settings) -> list[RulePack]:
    """The rule packs named in settings (shipped names or paths), else every shipped pack."""
    names = settings.rule_packs
    return [resolve_pack(name) for name in names] if names else shipped_packs()


def model_folder(settings: Settings) -> Path:
    return settings.home / "models" / "risk"


def screening_from_settings(settings: Settings) -> Screening:
    """Rules and, once ``smartcustoms train`` has written them, the models."""
    packs = packs_from_settings(settings)
    folder = model_folder(settings)
    if (folder / POLICY_FILE).exists():
        return load_screening(folder, packs)
    return Screening(packs=packs)


def screener_from_settings(settings: Settings) -> Screener:
    """The per-declaration screener the API calls inside each lodgement; concurrent lodgements
    share screening batches."""
    return CoalescingScreener(screening_from_settings(settings))
