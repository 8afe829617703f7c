"""HS code suggestions while a trader types a goods description, from the shipped classifier."""

from typing import Annotated

from fastapi import APIRouter, Query, Request

from smartcustoms.errors import ModelUnavailableError
from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.models.registry import ModelRegistry
from smartcustoms.web.auth import PortalUser

router = APIRouter(include_in_schema=False)


def _classifier(request: Request) -> HSClassifier | None:
    """The registry's classifier, the one screening uses; None until `smartcustoms train-hs`
    has built it (a page request never waits a minute for a build)."""
    try:
        return ModelRegistry.from_settings(request.app.state.settings).load(HSClassifier)
    except ModelUnavailableError:
        return None


@router.get("/hs-suggestions")
def suggest(
    request: Request, _user: PortalUser, q: Annotated[str, Query(max_length=512)] = ""
) -> dict:
    text = q.strip()
    if len(text) < 3:
        return {"available": True, "candidates": []}
    model = _classifier(request)
    if model is None:
        return {
            "available": False,
            "message": "HS suggestions appear once the classifier is built: smartcustoms train-hs",
            "candidates": [],
        }
    suggestion = model.predict_topk([text], k=5)[0]
    return {"available": True, **suggestion.as_dict()}
