"""Database engine, sessions and migrations for the clearance store (SQLite or PostgreSQL)."""

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


def make_engine(url: str) -> Engine:
    """An engine; SQLite gets WAL (readers never block the writer) and a busy timeout."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # durable across a process kill in WAL mode
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    return engine


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
