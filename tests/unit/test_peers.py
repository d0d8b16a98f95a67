"""Who is this computer, and which client is behind a proxy (foresight.peers)."""

from __future__ import annotations

import pytest

from foresight import peers

LOCAL = {"Host": "localhost:8501"}


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(peers.TRUSTED_PROXIES_ENV, raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)


@pytest.mark.parametrize("address", ["127.0.0.1", "127.3.2.1", "::1", "::ffff:127.0.0.1", "[::1]"])
def test_loopback_addresses_are_this_computer(address: str) -> None:
    assert peers.is_loopback(address)
    assert peers.is_local_request(address, LOCAL)


@pytest.mark.parametrize(
    "address",
    ["0.0.0.0", "::", "255.255.255.255", "224.0.0.1", "ff02::1", "192.0.2.2", "::ffff:192.0.2.2", "", None, "host"],
)
def test_unspecified_broadcast_multicast_and_other_addresses_are_not(address: str | None) -> None:
    assert not peers.is_loopback(address)
    assert not peers.is_local_request(address, LOCAL)


@pytest.mark.parametrize(
    "header",
    [
        {"X-Forwarded-For": "192.0.2.7"},
        {"X-Forwarded-For": "0.0.0.0"},
        {"X-Forwarded-For": "127.0.0.1"},
        {"Forwarded": "for=192.0.2.7"},
        {"X-Real-IP": "192.0.2.7"},
        {"X-Forwarded-Host": "localhost"},
        {"X-Forwarded-Proto": "https"},
    ],
)
def test_any_forwarding_header_means_not_this_computer(header: dict[str, str]) -> None:
    assert not peers.is_local_request("127.0.0.1", {**LOCAL, **header})
    assert not peers.is_local_request("::ffff:127.0.0.1", {**LOCAL, **header})


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8501", "127.0.0.1:8501", "127.8.0.1", "[::1]:8501", "LOCALHOST.", "[::1]"]
)
def test_local_host_names(host: str) -> None:
    assert peers.is_local_host(host)
    assert peers.is_local_request("127.0.0.1", {"Host": host})


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8501",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "192.0.2.2:8501",
        "0.0.0.0:8501",
        "user@localhost",
        "localhost:port",
        "",
        None,
    ],
)
def test_foreign_host_names_are_not_this_computer(host: str | None) -> None:
    headers = {} if host is None else {"Host": host}
    assert not peers.is_local_request("127.0.0.1", headers)


def test_a_foreign_origin_on_a_local_host_is_not_this_computer() -> None:
    assert peers.is_local_request("127.0.0.1", {**LOCAL, "Origin": "http://localhost:8501"})
    assert not peers.is_local_request("127.0.0.1", {**LOCAL, "Origin": "http://evil.example:8501"})


def test_with_trusted_proxies_set_nobody_is_owner_unasked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(peers.TRUSTED_PROXIES_ENV, "10.0.0.0/8")
    assert not peers.is_local_request("127.0.0.1", LOCAL)


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    chain = {"X-Forwarded-For": "198.51.100.9, 10.0.0.3"}
    # Not trusted: the peer is the client, whatever the header says.
    assert peers.client_address("192.0.2.2", chain) == "192.0.2.2"
    monkeypatch.setenv(peers.TRUSTED_PROXIES_ENV, "192.0.2.2, 10.0.0.0/8")
    found = peers.origin("192.0.2.2", {**chain, "X-Forwarded-Proto": "https"})
    assert found.client == "198.51.100.9" and found.via_trusted_proxy and found.https
    assert peers.client_address("::ffff:192.0.2.2", chain) == "198.51.100.9"
    assert peers.client_address("192.0.2.3", chain) == "192.0.2.3"  # another machine's forged header
    assert not peers.origin("192.0.2.3", {**chain, "X-Forwarded-Proto": "https"}).https


def test_a_loopback_proxy_that_uvicorn_already_rewrote(monkeypatch: pytest.MonkeyPatch) -> None:
    """uvicorn puts X-Forwarded-For in the peer's place for 127.0.0.1: the peer we see is the header's."""
    chain = {"X-Forwarded-For": "198.51.100.9"}
    untrusted = peers.origin("198.51.100.9", chain)
    assert untrusted.client == peers.PROXIED_LOOPBACK and not untrusted.via_trusted_proxy
    assert peers.origin("198.51.100.10", chain).client == "198.51.100.10"  # a remote sender of the header
    monkeypatch.setenv(peers.TRUSTED_PROXIES_ENV, "127.0.0.1")
    trusted = peers.origin("198.51.100.9", chain)
    assert trusted.client == "198.51.100.9" and trusted.via_trusted_proxy


def test_a_malformed_setting_trusts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(peers.TRUSTED_PROXIES_ENV, "proxy.lan, ")
    assert peers.trusted_proxies() == ()
    assert peers.client_address("192.0.2.2", {"X-Forwarded-For": "198.51.100.9"}) == "192.0.2.2"
