from typer.testing import CliRunner

from smartcustoms.cli import app

runner = CliRunner()


def test_users_add_prints_a_token_once_and_audit_verify_passes(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTCUSTOMS_HOME", str(tmp_path))
    created = runner.invoke(app, ["users", "add", "alice", "--role", "trader", "--party", "BRK-1"])
    assert created.exit_code == 0, created.output
    token = created.stdout.strip().splitlines()[-1]
    assert len(token) >= 40
    from smartcustoms.clearance.db import open_store
    from smartcustoms.clearance.users import authenticate
    from smartcustoms.config import get_settings

    with open_store(get_settings())() as session:
        assert authenticate(session=session, token=token).name == "alice"
    again = runner.invoke(app, ["users", "add", "alice", "--role", "trader", "--party", "BRK-1"])
    assert again.exit_code == 1 and "exists already" in again.output
    no_party = runner.invoke(app, ["users", "add", "bob", "--role", "trader"])
    assert no_party.exit_code == 1 and "--party" in no_party.output
    verified = runner.invoke(app, ["audit", "verify"])
    assert verified.exit_code == 0 and "intact" in verified.output
