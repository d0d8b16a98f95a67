"""The sign-in throttle: atomic under concurrent guesses, per client address and per account."""

from __future__ import annotations

import threading
import time

import pytest

from foresight import peers
from foresight.web import signin

REMOTE = {"Host": "framsyn.example.se"}


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(peers.TRUSTED_PROXIES_ENV, raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)


def guess_all_at_once(attempts: signin._Attempts, limits: dict[str, int], guesses: int = 100) -> int:
    """`guesses` threads try at the same moment, each taking a while to check; how many were checked."""
    start = threading.Barrier(guesses)
    checked: list[int] = []

    def guess() -> None:
        start.wait()
        if attempts.begin(limits):
            time.sleep(0.05)  # scrypt's time: every other guess arrives while this one is checked
            checked.append(1)
            attempts.finish(list(limits), failed=True)

    threads = [threading.Thread(target=guess) for _ in range(guesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(checked)


def test_a_hundred_concurrent_wrong_guesses_are_checked_at_most_the_limit() -> None:
    attempts = signin._Attempts()
    limits = signin.attempt_limits("192.0.2.7", REMOTE)
    assert guess_all_at_once(attempts, limits) == signin._MAX_FAILURES
    assert not attempts.begin(limits)  # and the failures stay for the window


def test_the_account_limit_holds_across_addresses() -> None:
    attempts = signin._Attempts()
    checked = sum(
        guess_all_at_once(attempts, signin.attempt_limits(f"192.0.2.{number}", REMOTE), guesses=10)
        for number in range(1, 11)
    )
    assert checked == signin._MAX_ACCOUNT_FAILURES


def test_this_computer_is_not_locked_out_by_guesses_from_elsewhere() -> None:
    attempts = signin._Attempts()
    for number in range(1, 11):
        guess_all_at_once(attempts, signin.attempt_limits(f"192.0.2.{number}", REMOTE), guesses=10)
    assert not attempts.begin(signin.attempt_limits("192.0.2.99", REMOTE))
    assert attempts.begin(signin.attempt_limits("127.0.0.1", {"Host": "localhost:8501"}))


def test_a_right_passphrase_leaves_no_failure_and_the_window_ends() -> None:
    now = [1000.0]
    attempts = signin._Attempts(clock=lambda: now[0])
    limits = {"client:x": 2}
    assert attempts.begin(limits)
    attempts.finish(list(limits), failed=False)
    for _ in range(2):
        assert attempts.begin(limits)
        attempts.finish(list(limits), failed=True)
    assert not attempts.begin(limits)
    now[0] += signin._WINDOW_SECONDS + 1
    assert attempts.begin(limits)


def test_clients_behind_a_trusted_proxy_have_buckets_of_their_own(monkeypatch: pytest.MonkeyPatch) -> None:
    first = {**REMOTE, "X-Forwarded-For": "198.51.100.1"}
    second = {**REMOTE, "X-Forwarded-For": "198.51.100.2"}
    # Untrusted: one bucket, whatever the header claims.
    assert signin.attempt_limits("192.0.2.2", first) == signin.attempt_limits("192.0.2.2", second)
    monkeypatch.setenv(peers.TRUSTED_PROXIES_ENV, "192.0.2.2")
    assert signin.attempt_limits("192.0.2.2", first) != signin.attempt_limits("192.0.2.2", second)
    assert "client:198.51.100.1" in signin.attempt_limits("192.0.2.2", first)
