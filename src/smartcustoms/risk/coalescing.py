"""Screening concurrent lodgements together.

The API receives one declaration per request, but screening costs mostly per batch (a dozen
Polars plans, one model call, whatever the number of rows). Requests that arrive while a batch is
being screened therefore wait for the next batch and share its cost: under load a batch holds as
many declarations as are waiting, and an idle server still screens a lone request at once. The
outcome of each declaration is the same as when screened alone: every step of the pipeline works
per item or per declaration (the exploration draw hashes the declaration id).
"""

import queue
import threading
from concurrent.futures import Future

from smartcustoms.declarations.schema import Declaration
from smartcustoms.risk.outcome import ScreeningOutcome
from smartcustoms.risk.screening import Screening, screen_declarations

MAX_BATCH = 64
"""Declarations per batch: large enough to amortise the fixed cost, small enough that the
first request of a batch does not wait long for the last."""


class CoalescingScreener:
    """A thread-safe screener (Declaration -> ScreeningOutcome) that batches concurrent calls.

    One daemon thread per process does the screening, started on first use (so it is never
    inherited half-way through a fork by server workers).
    """

    def __init__(self, screening: Screening, *, max_batch: int = MAX_BATCH):
        self.screening = screening
        self.max_batch = max_batch
        self._waiting: queue.SimpleQueue[tuple[Declaration, Future]] = queue.SimpleQueue()
        self._start = threading.Lock()
        self._worker: threading.Thread | None = None
        self.largest_batch = 0
        """The most declarations screened together so far: how much coalescing happened."""

    def __call__(self, declaration: Declaration) -> ScreeningOutcome:
        future: Future[ScreeningOutcome] = Future()
        self._waiting.put((declaration, future))
        self._ensure_worker()
        return future.result()

    def _ensure_worker(self) -> None:
        with self._start:
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._serve, name="screening", daemon=True)
                self._worker.start()

    def _next_batch(self, carried: list) -> list[tuple[Declaration, Future]]:
        """Everything waiting (after any carried over), up to the batch size, one entry per
        declaration id; a repeated id waits for the next batch."""
        batch, seen, later = [], set(), []
        pending = carried or [self._waiting.get()]
        while len(batch) < self.max_batch:
            if not pending:
                try:
                    pending = [self._waiting.get_nowait()]
                except queue.Empty:
                    break
            entry = pending.pop(0)
            if entry[0].declaration_id in seen:
                later.append(entry)
            else:
                seen.add(entry[0].declaration_id)
                batch.append(entry)
        carried[:] = later + pending
        return batch

    def _serve(self) -> None:
        carried: list[tuple[Declaration, Future]] = []
        while True:
            batch = self._next_batch(carried)
            self.largest_batch = max(self.largest_batch, len(batch))
            try:
                outcomes = screen_declarations([d for d, _ in batch], self.screening)
            except Exception:  # one unscreenable declaration must not fail its batch-mates
                for declaration, future in batch:
                    _settle_alone(declaration, future, self.screening)
                continue
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                future.set_result(outcome)


def _settle_alone(declaration: Declaration, future: Future, screening: Screening) -> None:
    try:
        future.set_result(screen_declarations([declaration], screening)[0])
    except Exception as exc:  # the caller's request fails with the screening's own error
        future.set_exception(exc)
