"""The server's ASGI entry point."""

import gc

from smartcustoms.server import build_app


def test_startup_objects_are_kept_out_of_full_garbage_collections():
    try:
        app = build_app()
        assert app.state.screen is not None
        # the app's own long-lived objects are among those frozen, not rescanned per collection
        assert gc.get_freeze_count() > 10_000
        assert id(app) not in {id(tracked) for tracked in gc.get_objects()}
    finally:
        gc.unfreeze()
