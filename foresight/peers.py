"""Who is at the other end of a request: this computer, a trusted proxy's client, or someone else.

Two questions, both answered from the connection's peer address and the request's headers only:

- **Is this the computer that runs the app?** (`is_local_request`) Only a direct loopback peer
  (127.0.0.0/8, ::1, and ::ffff:127.x, which a dual-stack socket shows for IPv4 loopback) that
  sent no forwarding header at all and named a local Host (localhost, 127.x, [::1]) — so a
  reverse proxy, a TCP forwarder reached under another name, and a DNS-rebinding page
  (Host: evil.example resolving to 127.0.0.1) are not. A peer listed as a trusted proxy never is:
  behind a proxy, owners sign in. Unspecified (0.0.0.0, ::), broadcast and multicast addresses
  are never this computer.
- **Which client is it?** (`client_address`) The peer, unless the peer is a proxy listed in
  `FRAMSYN_TRUSTED_PROXIES` (comma-separated addresses or networks, default none): then the
  nearest untrusted address of its X-Forwarded-For. A forged header from anyone else changes
  nothing.

uvicorn (under `streamlit run`) already replaces the peer by X-Forwarded-For when the peer is
127.0.0.1 or ::1 (its own FORWARDED_ALLOW_IPS), before any of our code sees the request; so when
the peer we are given is exactly what uvicorn would have read from the header, the true peer was
one of uvicorn's trusted addresses, and it is judged as such.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network

TRUSTED_PROXIES_ENV = "FRAMSYN_TRUSTED_PROXIES"
# Any of these means a request was passed on by something: no local owner, whoever sent it.
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host", "x-forwarded-proto")
LOCAL_HOST_NAMES = frozenset({"localhost"})
_UVICORN_DEFAULT_TRUST = "127.0.0.1,::1"  # uvicorn.Config's default forwarded_allow_ips
PROXIED_LOOPBACK = "loopback-proxy"  # the client key of a proxy on this machine that is not trusted


def parse_address(text: object) -> Address | None:
    """An IP address (an IPv4-mapped IPv6 address as the IPv4 address it is), or None."""
    if not isinstance(text, str):
        return None
    value = text.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    try:
        address = ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def is_loopback(text: object) -> bool:
    """Whether `text` is a loopback address (::ffff:127.x included); never unspecified or multicast."""
    address = parse_address(text)
    if address is None or address.is_unspecified or address.is_multicast:
        return False
    if address == ipaddress.IPv4Address("255.255.255.255"):
        return False
    return address.is_loopback


def _networks(text: str) -> tuple[Network, ...]:
    found: list[Network] = []
    for item in text.split(","):
        item = item.strip()
        if not item:
            continue
        try:
            network = ipaddress.ip_network(item, strict=False)
        except ValueError:
            continue  # not an address: trusts nothing (documented)
        if isinstance(network, ipaddress.IPv6Network) and network.prefixlen >= 96:
            mapped = network.network_address.ipv4_mapped
            if mapped is not None:
                network = ipaddress.ip_network(f"{mapped}/{network.prefixlen - 96}", strict=False)
        found.append(network)
    return tuple(found)


@lru_cache(maxsize=8)
def _parsed_setting(text: str) -> tuple[Network, ...]:
    return _networks(text)


def trusted_proxies() -> tuple[Network, ...]:
    """The proxies whose X-Forwarded-For is believed (FRAMSYN_TRUSTED_PROXIES; none by default)."""
    return _parsed_setting(os.environ.get(TRUSTED_PROXIES_ENV, ""))


def _uvicorn_trust() -> tuple[Network, ...] | None:
    """What uvicorn trusts for X-Forwarded-For in this process (None: everyone, "*")."""
    text = os.environ.get("FORWARDED_ALLOW_IPS", _UVICORN_DEFAULT_TRUST)
    return None if text.strip() == "*" else _parsed_setting(text)


def _in(address: Address | None, networks: tuple[Network, ...] | None) -> bool:
    if networks is None:
        return True
    return address is not None and any(address.version == net.version and address in net for net in networks)


def _host_of(entry: str) -> str:
    """The address of one X-Forwarded-For entry ("1.2.3.4", "1.2.3.4:5", "[::1]:5", "::1")."""
    value = entry.strip()
    if value.startswith("["):
        return value[1 : value.index("]")] if "]" in value else value
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def _walk(forwarded_for: str, trusted: tuple[Network, ...] | None) -> str:
    """The nearest address of an X-Forwarded-For chain that `trusted` does not hold (as uvicorn reads it)."""
    entries = [_host_of(item) for item in forwarded_for.split(",") if item.strip()]
    for entry in reversed(entries):
        if not _in(parse_address(entry), trusted):
            return entry
    return entries[0] if entries else ""


def _lower(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    found: dict[str, str] = {}
    for name, value in pairs:
        key = str(name).lower()
        found[key] = f"{found[key]}, {value}" if key in found else str(value)
    return found


@dataclass(frozen=True)
class Origin:
    """Where a request came from, as far as the server can tell."""

    client: str  # the key for per-client limits: an address, or PROXIED_LOOPBACK
    forwarded: bool  # some forwarding header was sent (by anyone)
    via_trusted_proxy: bool  # the peer is a proxy listed in FRAMSYN_TRUSTED_PROXIES
    peer_loopback: bool  # the connection itself came from this machine
    https: bool  # a trusted proxy says the browser used TLS (X-Forwarded-Proto: https)


def origin(peer: str | None, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Origin:
    """Work out the client behind `peer` (the connection's address, as the server hands it over)."""
    named = _lower(headers)
    forwarded = any(name in named for name in FORWARDING_HEADERS)
    trusted = trusted_proxies()
    chain = named.get("x-forwarded-for", "")
    peer_text = (peer or "").strip()
    rewritten = bool(chain.strip()) and parse_address(peer_text) == parse_address(_walk(chain, _uvicorn_trust()))
    if rewritten:
        # uvicorn put the header's address in the peer's place: the connection came from an
        # address uvicorn trusts (loopback, unless FORWARDED_ALLOW_IPS says otherwise).
        peer_loopback = True
        via_proxy = _in(ipaddress.IPv4Address("127.0.0.1"), trusted) or _in(ipaddress.IPv6Address("::1"), trusted)
        client = _walk(chain, trusted) if via_proxy else PROXIED_LOOPBACK
    else:
        address = parse_address(peer_text)
        peer_loopback = is_loopback(peer_text)
        via_proxy = _in(address, trusted) if trusted else False
        if via_proxy and chain.strip():
            client = _walk(chain, trusted)
        else:
            client = str(address) if address is not None else (peer_text[:64] or "?")
    proto = named.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return Origin(
        client=str(parse_address(client) or client)[:64],
        forwarded=forwarded,
        via_trusted_proxy=via_proxy,
        peer_loopback=peer_loopback,
        https=via_proxy and proto == "https",
    )


def client_address(peer: str | None, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> str:
    """The client's address for per-client limits (see `origin`)."""
    return origin(peer, headers).client


def is_local_host(host: object) -> bool:
    """Whether a Host (or Origin's host) names this computer: localhost, 127.x or [::1], any port."""
    if not isinstance(host, str) or not host or len(host) > 300:
        return False
    try:
        parts = urlsplit(f"//{host.strip()}")
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return False
    if parts.username is not None or parts.password is not None or parts.path or parts.query:
        return False
    name = (parts.hostname or "").rstrip(".").lower()
    return name in LOCAL_HOST_NAMES or is_loopback(name)


def _origin_host(value: str) -> str | None:
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return None
    return parts.netloc if parts.scheme in ("http", "https") else None


def is_local_request(peer: str | None, headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> bool:
    """Whether the request comes from the browser of the computer that runs the app (see module doc)."""
    named = _lower(headers)
    if trusted_proxies() or any(name in named for name in FORWARDING_HEADERS):
        return False  # behind a proxy owners sign in, whatever the connection looks like
    address = parse_address(peer)
    if address is None or not is_loopback(peer):
        return False
    if not is_local_host(named.get("host")):
        return False
    sent_origin = named.get("origin")
    if sent_origin is not None and sent_origin != "null":
        return is_local_host(_origin_host(sent_origin))
    return True
