import pytest

from dtts_dashboard.auth import AuthError, Throttle, add_editor, editors_configured, verify


def test_accounts_and_passwords(tmp_path):
    path = tmp_path / "e.json"
    assert not editors_configured(path)
    add_editor("lan", "mat-khau-dai", path)
    assert editors_configured(path)
    assert verify("lan", "mat-khau-dai", path) and verify(" lan ", "mat-khau-dai", path)
    assert not verify("lan", "sai", path) and not verify("mai", "mat-khau-dai", path)
    add_editor("lan", "mat-khau-moi-1", path)  # a reset
    assert not verify("lan", "mat-khau-dai", path) and verify("lan", "mat-khau-moi-1", path)
    with pytest.raises(AuthError):
        add_editor("", "mat-khau-dai", path)
    with pytest.raises(AuthError):
        add_editor("x\x00y", "mat-khau-dai", path)


def test_throttle_doubles_the_wait():
    now = [100.0]
    throttle = Throttle(clock=lambda: now[0])
    assert throttle.wait("lan") == 0
    throttle.failed("lan")
    assert throttle.wait("LAN") == 1
    throttle.failed("lan")
    throttle.failed("lan")
    assert throttle.wait("lan") == 4
    now[0] += 4
    assert throttle.wait("lan") == 0
    throttle.succeeded("lan")
    throttle.failed("lan")
    assert throttle.wait("lan") == 1
