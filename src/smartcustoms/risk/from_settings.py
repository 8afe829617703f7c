"""The screening the API runs: trained models from the model registry when there are any, the
rule packs always."""

from pathlib import Path

from smartcustoms.config import Settings
from smartcustoms.errors import ModelUnavailableError
from smartcustoms.models.cluster import RiskCluster
from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.models.registry import ModelRegistry
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
    """The risk cluster's folder in the model registry (its channel policy lies beside it)."""
    return ModelRegistry.from_settings(settings).folder(RiskCluster)


def screening_from_settings(settings: Settings, folder: Path | None = None) -> Screening:
    """Rules and, once ``smartcustoms train`` has written them, the models (with the built HS
    classifier where they were trained with the HS mismatch features); the models are read
    from ``folder`` where given, else from the settings' model folder."""
    packs = packs_from_settings(settings)
    folder = folder or model_folder(settings)
    if (folder / POLICY_FILE).exists():
        return with_hs_classifier(load_screening(folder, packs), settings)
    return Screening(packs=packs)


def with_hs_classifier(screening: Screening, settings: Settings) -> Screening:
    """Attaches the built HS classifier to a cluster trained with the HS mismatch features
    (without it those features are missing and the rest of the model still scores)."""
    if screening.cluster and screening.cluster.uses_hs_mismatch_:
        try:
            classifier = ModelRegistry.from_settings(settings).load(HSClassifier)
        except ModelUnavailableError:  # not built, or of another version: rebuild it
            classifier = None
        screening.cluster.hs_classifier = classifier
    return screening


def screener_from_settings(settings: Settings) -> Screener:
    """The per-declaration screener the API calls inside each lodgement; concurrent lodgements
    share screening batches."""
    return CoalescingScreener(screening_from_settings(settings))
