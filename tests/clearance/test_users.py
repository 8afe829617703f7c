"""Sign-in by bearer token: right and wrong tokens, and the short memory of signed-in users."""

from sqlalchemy import event

from smartcustoms.clearance.db import make_engine, migrate, session_factory
from smartcustoms.clearance.users import Role, add_user, authenticate


def _count_user_lookups(engine) -> list[str]:
    seen: list[str] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _record(_conn, _cursor, statement, *_args) -> None:
        if "token_hash" in statement:
            seen.append(statement)

    return seen


def test_a_signed_in_user_is_remembered_and_usable_from_other_sessions(engine):
    sessions = session_factory(engine)
    with sessions() as session:
        _, token = add_user(session=session, name="broker", role=Role.TRADER, party_id="BRK-001")
    lookups = _count_user_lookups(engine)
    with sessions() as session:
        first = authenticate(session=session, token=token)
    with sessions() as session:
        again = authenticate(session=session, token=token)
    assert len(lookups) == 1
    # the remembered user outlives the session that loaded it
    assert (again.name, again.role, again.party_id) == ("broker", "trader", "BRK-001")
    assert first is again


def test_wrong_tokens_are_never_remembered(engine):
    sessions = session_factory(engine)
    with sessions() as session:
        add_user(session=session, name="broker", role=Role.TRADER, party_id="BRK-001")
    lookups = _count_user_lookups(engine)
    with sessions() as session:
        assert authenticate(session=session, token="not-a-token") is None
        assert authenticate(session=session, token="not-a-token") is None
    assert len(lookups) == 2


def test_a_token_signs_in_only_to_the_store_that_issued_it(engine, tmp_path):
    with session_factory(engine)() as session:
        _, token = add_user(session=session, name="broker", role=Role.TRADER, party_id="BRK-001")
        assert authenticate(session=session, token=token) is not None
    other = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    migrate(other)
    with session_factory(other)() as session:
        assert authenticate(session=session, token=token) is None
    other.dispose()
