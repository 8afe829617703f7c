"""HS code suggestions while a trader types a goods description, from the shipped classifier."""

import threading
from typing import Annotated

from fastapi import APIRouter, Query, Request

from smartcustoms.models.hs_classifier.classifier import HSClassifier
from smartcustoms.models.hs_classifier.store import default_model_path, load_model
from smartcustoms.web.auth import PortalUser

router = APIRouter(include_in_schema=False)
_loading = threading.Lock()


def _classifier(request: Request) -> HSClassifier | None:
    """The classifier, loaded once per app; None until `smartcustoms train-hs` has built it (a
    page request never waits a minute for a build)."""
    state = request.app.state
    with _loading:
        if getattr(state, "hs_classifier", None) is None:
            try:
                state.hs_classifier = load_model(
                    default_model_path(state.settings), build_if_missing=False
                )
            except (FileNotFoundError, ValueError):  # not built, or by an older version
                return None
    return state.hs_classifier


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
