"""Who may do what: roles, the workspace passphrases, organisation accounts, sessions, screen links.

Four roles. An owner (analyst, facilitator) changes the workspace; a viewer (a leadership group)
reads every dashboard and writes trend notes only if the owner allows it; a participant sees only
a vote's ballot page; a screen sees only one vote's or one cross's projector view. Anyone who is
not signed in is anonymous: the sign-in page, the ballot page and the screens they hold a link to.

Two ways to sign in, both ending in a role:

- Offline, on a laptop: a passphrase per role (owner, viewer), stored as an scrypt hash with a
  random salt of its own, compared in constant time. A correct passphrase opens a session: a
  random token kept in an HttpOnly cookie, of which the workspace stores only the SHA-256, so a
  sign-out or a new passphrase ends it for real.
- In an organisation: OpenID Connect through Streamlit's `st.login`; the workspace lists the
  e-mail addresses and group claims (Microsoft Entra ID sends group object ids) that are owners
  or viewers. Owner beats viewer when both match.

A screen link carries an HMAC of what it shows ("vote:ABC234", "cross:7") under a key kept in the
workspace, so typing another cross number or another vote's code does not open its screen.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd

from foresight.errors import ForesightError
from foresight.store import Store

OWNER, VIEWER, PARTICIPANT, SCREEN, ANONYMOUS = "owner", "viewer", "participant", "screen", "anonymous"
SIGN_IN_ROLES = (OWNER, VIEWER)  # the roles a passphrase or an account can grant
MIN_PASSPHRASE = 10
MAX_PASSPHRASE = 200
SESSION_HOURS = 12
SESSION_COOKIE = "framsyn_session"
FORM_HOURS = 12
FORM_COOKIE = "framsyn_form"  # a random value per browser that the sign-in and sign-out forms are bound to
# scrypt with N=2^15, r=8: 32 MiB and about 0.1 s per try on a laptop core (OWASP's minimum is 2^17
# for a password; a passphrase of 10+ characters and a per-process attempt limit make up the rest).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}$")
_GROUP = re.compile(r"^[\w.:@/ -]{1,200}$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_FORM_BINDING = re.compile(r"^[A-Za-z0-9_-]{20,100}$")
_SIGNING_KEY = "screen_signing_key"
_VIEWER_NOTES = "viewer_notes"


class AccessError(ForesightError):
    """A sign-in or access setting was refused; nothing was changed."""


@dataclass(frozen=True)
class AccessState:
    """What the workspace knows about sign-in: which passphrases are set, how many accounts are listed."""

    owner_passphrase: bool
    viewer_passphrase: bool
    owner_accounts: int
    viewer_accounts: int
    viewer_notes: bool

    @property
    def owner_set(self) -> bool:
        """Whether anyone can sign in as owner (a passphrase, or an account listed as owner)."""
        return self.owner_passphrase or self.owner_accounts > 0


def access_state(store: Store) -> AccessState:
    """Passphrases set, accounts listed and the viewer-notes setting (kept until the next write:
    every rerun asks, and every change of them is a write, heard by every process)."""
    return store.kept("access.state", _read_access_state)


def _read_access_state(store: Store) -> AccessState:
    row = store.rows(
        "SELECT"
        " (SELECT count(*) FROM access_passphrases WHERE role = 'owner'),"
        " (SELECT count(*) FROM access_passphrases WHERE role = 'viewer'),"
        " (SELECT count(*) FROM access_members WHERE role = 'owner'),"
        " (SELECT count(*) FROM access_members WHERE role = 'viewer'),"
        f" (SELECT value FROM access_settings WHERE key = '{_VIEWER_NOTES}')"
    )[0]
    return AccessState(bool(row[0]), bool(row[1]), int(row[2]), int(row[3]), row[4] == "1")


def local_owner_allowed(store: Store) -> bool:
    """Whether the computer that runs the app is owner without signing in.

    Only a laptop's own workspace file before any owner is set (the one-command start). A server
    workspace (PostgreSQL, several app processes behind a proxy) never: there every "local"
    request is the proxy's, so owners always sign in.
    """
    return not store.is_server and not access_state(store).owner_set


# -- passphrases ------------------------------------------------------------------------------


def _check_role(role: str) -> str:
    if role not in SIGN_IN_ROLES:
        raise AccessError("access.error_role", role=str(role)[:20])
    return role


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    data = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return hashlib.scrypt(data, salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=32)


def set_passphrase(store: Store, role: str, passphrase: str) -> None:
    """Set (or replace) the passphrase of `role`; every session it opened ends."""
    _check_role(role)
    if not isinstance(passphrase, str) or len(passphrase.strip()) < MIN_PASSPHRASE:
        raise AccessError("access.error_short", min=MIN_PASSPHRASE)
    if len(passphrase) > MAX_PASSPHRASE:
        raise AccessError("access.error_long", max=MAX_PASSPHRASE)
    salt = secrets.token_bytes(16)
    digest = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM access_passphrases WHERE role = ?", [role])
        cursor.execute(
            "INSERT INTO access_passphrases (role, salt, hash, n, r, p) VALUES (?, ?, ?, ?, ?, ?)",
            [role, salt, digest, SCRYPT_N, SCRYPT_R, SCRYPT_P],
        )
        cursor.execute("DELETE FROM access_sessions WHERE role = ?", [role])


def clear_passphrase(store: Store, role: str) -> None:
    """Remove the passphrase of `role` and end its sessions."""
    _check_role(role)
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM access_passphrases WHERE role = ?", [role])
        cursor.execute("DELETE FROM access_sessions WHERE role = ?", [role])


def check_passphrase(store: Store, passphrase: object) -> str | None:
    """The role this passphrase opens (owner first), or None. Every stored hash is computed each time."""
    given = passphrase if isinstance(passphrase, str) and 0 < len(passphrase) <= MAX_PASSPHRASE else ""
    matched = None
    for role, salt, stored, n, r, p in store.rows(
        "SELECT role, salt, hash, n, r, p FROM access_passphrases ORDER BY role = 'owner' DESC"
    ):
        candidate = _scrypt(given, bytes(salt), n, r, p)
        if hmac.compare_digest(candidate, bytes(stored)) and given and matched is None:
            matched = role
    return matched


# -- sessions ---------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def open_session(store: Store, role: str, *, hours: int = SESSION_HOURS) -> str:
    """A new session token for `role` (for the cookie); the workspace keeps only its hash."""
    _check_role(role)
    token = secrets.token_urlsafe(32)
    now = _now()
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM access_sessions WHERE expires_at < ?", [now])
        cursor.execute(
            "INSERT INTO access_sessions (token_hash, role, created_at, expires_at) VALUES (?, ?, ?, ?)",
            [_token_hash(token), role, now, now + timedelta(hours=hours)],
        )
    return token


def session_role(store: Store, token: object) -> str | None:
    """The role of a live session token, or None (unknown, expired, signed out or malformed)."""
    if not isinstance(token, str) or not _TOKEN.match(token):
        return None
    return store.scalar(
        "SELECT role FROM access_sessions WHERE token_hash = ? AND expires_at > ?", [_token_hash(token), _now()]
    )


def close_session(store: Store, token: object) -> None:
    """Sign out: the token stops working at once."""
    if isinstance(token, str) and _TOKEN.match(token):
        with store.transaction() as cursor:
            cursor.execute("DELETE FROM access_sessions WHERE token_hash = ?", [_token_hash(token)])


# -- organisation accounts (OpenID Connect) ---------------------------------------------------


def _clean_identity(identity: object, kind: str) -> str:
    text = unicodedata.normalize("NFC", identity if isinstance(identity, str) else "").strip()
    if kind == "email":
        text = text.casefold()
        if not _EMAIL.match(text):
            raise AccessError("access.error_email", value=text[:80])
    elif kind == "group":
        if not _GROUP.match(text):
            raise AccessError("access.error_group", value=text[:80])
    else:
        raise AccessError("access.error_kind", kind=str(kind)[:20])
    return text


def add_member(store: Store, identity: str, role: str, kind: str = "email") -> str:
    """List an e-mail address or a group claim as owner or viewer (replacing an earlier role)."""
    _check_role(role)
    clean = _clean_identity(identity, kind)
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM access_members WHERE identity = ?", [clean])
        cursor.execute("INSERT INTO access_members (identity, kind, role) VALUES (?, ?, ?)", [clean, kind, role])
    return clean


def remove_member(store: Store, identity: str) -> bool:
    """Take an e-mail address or group off the list; whether it was there."""
    text = unicodedata.normalize("NFC", identity if isinstance(identity, str) else "").strip()
    candidates = {text, text.casefold()}
    with store.transaction() as cursor:
        found = cursor.execute(
            f"SELECT count(*) FROM access_members WHERE identity IN ({','.join('?' * len(candidates))})",
            list(candidates),
        ).fetchone()[0]
        cursor.execute(
            f"DELETE FROM access_members WHERE identity IN ({','.join('?' * len(candidates))})", list(candidates)
        )
    return bool(found)


def members(store: Store) -> pd.DataFrame:
    """Every listed account and group: identity, kind, role, added_at."""
    return store.query("SELECT identity, kind, role, added_at FROM access_members ORDER BY role, kind, identity")


def role_for_claims(store: Store, claims: Mapping[str, object]) -> str | None:
    """The role an OpenID Connect user has by e-mail or group claim (owner beats viewer), or None."""
    emails = {
        str(claims.get(name)).strip().casefold()
        for name in ("email", "preferred_username", "upn")
        if isinstance(claims.get(name), str)
    }
    raw_groups = claims.get("groups")
    groups = {str(group).strip() for group in raw_groups} if isinstance(raw_groups, Iterable) else set()
    if isinstance(raw_groups, str):
        groups = {raw_groups.strip()}
    wanted = [(identity, "email") for identity in emails] + [(group, "group") for group in groups]
    if not wanted:
        return None
    condition = " OR ".join("(identity = ? AND kind = ?)" for _ in wanted)
    roles = {role for (role,) in store.rows(f"SELECT role FROM access_members WHERE {condition}", _flat(wanted))}
    return OWNER if OWNER in roles else VIEWER if VIEWER in roles else None


def _flat(pairs: list[tuple[str, str]]) -> list[str]:
    return [value for pair in pairs for value in pair]


# -- settings and screen links ----------------------------------------------------------------


def set_viewer_notes(store: Store, allowed: bool) -> None:
    """Whether viewers may write trend notes (off until the owner allows it)."""
    with store.transaction() as cursor:
        cursor.execute("DELETE FROM access_settings WHERE key = ?", [_VIEWER_NOTES])
        cursor.execute("INSERT INTO access_settings VALUES (?, ?)", [_VIEWER_NOTES, "1" if allowed else "0"])


def _signing_key(store: Store) -> bytes:
    found = store.scalar("SELECT value FROM access_settings WHERE key = ?", [_SIGNING_KEY])
    if found:
        return bytes.fromhex(found)
    with store.transaction() as cursor:
        cursor.execute(
            "INSERT INTO access_settings VALUES (?, ?) ON CONFLICT DO NOTHING", [_SIGNING_KEY, secrets.token_hex(32)]
        )
    return bytes.fromhex(store.scalar("SELECT value FROM access_settings WHERE key = ?", [_SIGNING_KEY]))


def screen_token(store: Store, kind: str, ident: object) -> str:
    """The token a screen link carries for one vote ('vote', code) or one cross ('cross', id)."""
    message = f"{kind}:{ident}".encode()
    return hmac.new(_signing_key(store), message, hashlib.sha256).hexdigest()[:32]


def screen_allowed(store: Store, kind: str, ident: object, token: object) -> bool:
    """Whether `token` is the screen token of this vote or cross."""
    if not isinstance(token, str) or len(token) != 32:
        return False
    return hmac.compare_digest(screen_token(store, kind, ident), token)


def _form_mac(store: Store, issued: str, binding: str) -> str:
    message = f"form:{issued}:{hashlib.sha256(binding.encode()).hexdigest()}".encode()
    return hmac.new(_signing_key(store), message, hashlib.sha256).hexdigest()[:32]


def form_token(store: Store, binding: object) -> str:
    """A token for the sign-in and sign-out forms, made by this workspace within FORM_HOURS hours
    for the browser whose form cookie (FORM_COOKIE) is `binding`."""
    issued = str(int(_now().replace(tzinfo=UTC).timestamp()))
    return f"{issued}.{_form_mac(store, issued, binding if isinstance(binding, str) else '')}"


def form_token_valid(store: Store, token: object, binding: object) -> bool:
    """Whether a posted form was made by this app recently for this very browser: a post made on
    another site, or with a token fetched by another browser (login CSRF), is refused."""
    if not form_binding_ok(binding):
        return False  # no form cookie: a cross-site post (SameSite=Strict) or cookies off
    if not isinstance(token, str) or not re.fullmatch(r"\d{1,12}\.[0-9a-f]{32}", token):
        return False
    issued, mac = token.split(".")
    age = _now().replace(tzinfo=UTC).timestamp() - int(issued)
    return 0 <= age <= FORM_HOURS * 3600 and hmac.compare_digest(_form_mac(store, issued, binding), mac)


def form_binding_ok(binding: object) -> bool:
    """Whether `binding` looks like a form cookie this app made."""
    return isinstance(binding, str) and bool(_FORM_BINDING.match(binding))


def new_form_binding() -> str:
    """A fresh value for the form cookie."""
    return secrets.token_urlsafe(24)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
