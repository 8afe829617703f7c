"""Database engine, sessions and migrations for the clearance store (SQLite or PostgreSQL)."""

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from smartcustoms.config import Settings

MIGRATIONS = Path(__file__).with_name("migrations")


def database_url(settings: Settings) -> str:
    """The configured URL, or the embedded SQLite file under the home folder."""
    if settings.database_url:
        return settings.database_url
    settings.home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{settings.home / 'smartcustoms.db'}"


POOL_SIZE = 20
"""Connections kept open per server process. A lodgement holds its connection while its
screening batch runs, so with fewer than the requests in flight (SQLAlchemy's default keeps 5),
the others would be opened and closed per request: on PostgreSQL a new server backend each
time."""


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets WAL (readers never block the writer) and a busy timeout."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": 30},
        pool_size=POOL_SIZE,
        max_overflow=POOL_SIZE,
    )

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across a process kill in WAL mode
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


class _SqliteWriteLock:
    """One writer at a time on a SQLite file, across threads (a lock) and server processes (an
    advisory lock on a file beside the database). SQLite serialises writers by itself, but a
    writer that finds the file locked sleeps and retries (1, 2, 5, 10... ms), which under a
    burst of lodgements adds hundreds of milliseconds to the unlucky ones; waiting here wakes
    the next writer the moment the previous one commits."""

    def __init__(self, path: str):
        self.path = path
        self._threads = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._threads:
            if self._pid != os.getpid():  # opened per process: a forked copy would share it
                self._fd = os.open(f"{self.path}-writelock", os.O_RDWR | os.O_CREAT, 0o600)
                self._pid = os.getpid()
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)


_write_locks: dict[str, _SqliteWriteLock] = {}
_write_locks_guard = threading.Lock()


@contextmanager
def exclusive_write(session: Session) -> Iterator[None]:
    """Wraps a short write transaction (everything computed beforehand, commit inside) so that
    concurrent writers on SQLite queue instead of polling; PostgreSQL locks rows and needs none."""
    url = session.get_bind().engine.url  # the bind may be an engine or a connection
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        yield
        return
    path = os.path.abspath(url.database)
    with _write_locks_guard:
        lock = _write_locks.setdefault(path, _SqliteWriteLock(path))
    with lock.held():
        yield


def migrate(engine: Engine) -> None:
    """Brings the schema to the newest Alembic revision."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def open_store(settings: Settings) -> sessionmaker[Session]:
    """Sessions on the configured store, migrated to the newest schema first."""
    engine = make_engine(database_url(settings))
    migrate(engine)
    return session_factory(engine)
