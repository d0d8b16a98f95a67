"""Roles, passphrases, sessions, organisation accounts and screen links on a real workspace."""

from __future__ import annotations

import pytest

from foresight import access
from foresight.store import Store

OWNER_PASS = "Kronoberg framsyn 2050"
VIEWER_PASS = "ledningsgruppen läser"


def test_a_fresh_workspace_has_no_owner(empty_store: Store) -> None:
    state = access.access_state(empty_store)
    assert not state.owner_set
    assert not state.viewer_notes
    assert access.check_passphrase(empty_store, OWNER_PASS) is None


def test_passphrases_are_stored_as_salted_scrypt_and_open_their_role(empty_store: Store) -> None:
    access.set_passphrase(empty_store, "owner", OWNER_PASS)
    access.set_passphrase(empty_store, "viewer", VIEWER_PASS)
    stored = empty_store.rows("SELECT role, salt, hash, n FROM access_passphrases ORDER BY role")
    assert [row[0] for row in stored] == ["owner", "viewer"]
    assert all(OWNER_PASS.encode() not in bytes(row[2]) and len(bytes(row[1])) == 16 for row in stored)
    assert bytes(stored[0][1]) != bytes(stored[1][1])  # a salt of its own
    assert stored[0][3] == access.SCRYPT_N
    assert access.check_passphrase(empty_store, OWNER_PASS) == "owner"
    assert access.check_passphrase(empty_store, VIEWER_PASS) == "viewer"
    assert access.access_state(empty_store).owner_set


@pytest.mark.parametrize(
    "attempt",
    ["", "kronoberg framsyn 2050", OWNER_PASS + " ", OWNER_PASS[:-1], None, 12345, "x" * 10_000],
)
def test_anything_but_the_exact_passphrase_is_refused(empty_store: Store, attempt: object) -> None:
    access.set_passphrase(empty_store, "owner", OWNER_PASS)
    assert access.check_passphrase(empty_store, attempt) is None


def test_the_same_passphrase_in_another_unicode_form_still_matches(empty_store: Store) -> None:
    access.set_passphrase(empty_store, "owner", "Skåne och Jämtland")
    decomposed = "Ska\u030ane och Ja\u0308mtland"
    assert access.check_passphrase(empty_store, decomposed) == "owner"


@pytest.mark.parametrize(
    ("role", "passphrase", "key"),
    [
        ("owner", "short", "access.error_short"),
        ("admin", OWNER_PASS, "access.error_role"),
        ("owner", "x" * 201, "access.error_long"),
    ],
)
def test_weak_or_misdirected_passphrases_are_refused(empty_store: Store, role: str, passphrase: str, key: str) -> None:
    with pytest.raises(access.AccessError) as refused:
        access.set_passphrase(empty_store, role, passphrase)
    assert refused.value.key == key
    assert not access.access_state(empty_store).owner_passphrase


def test_a_session_lasts_until_sign_out_or_a_new_passphrase(empty_store: Store) -> None:
    access.set_passphrase(empty_store, "owner", OWNER_PASS)
    first = access.open_session(empty_store, "owner")
    second = access.open_session(empty_store, "owner")
    assert access.session_role(empty_store, first) == "owner"
    assert empty_store.scalar("SELECT count(*) FROM access_sessions WHERE token_hash = ?", [first]) == 0  # only hashes
    access.close_session(empty_store, first)
    assert access.session_role(empty_store, first) is None
    assert access.session_role(empty_store, second) == "owner"
    access.set_passphrase(empty_store, "owner", OWNER_PASS + " ny")
    assert access.session_role(empty_store, second) is None


def test_an_expired_or_crafted_session_token_has_no_role(empty_store: Store) -> None:
    expired = access.open_session(empty_store, "viewer", hours=-1)
    assert access.session_role(empty_store, expired) is None
    for crafted in (None, "", "' OR 1=1 --", "a" * 40, "å" * 40):
        assert access.session_role(empty_store, crafted) is None


def test_accounts_get_their_role_by_email_or_group_and_owner_wins(empty_store: Store) -> None:
    access.add_member(empty_store, "Analys@Region-Kronoberg.se", "owner")
    access.add_member(empty_store, "ledningsgrupp@regionskane.se", "viewer")
    access.add_member(empty_store, "6f1c-ledning", "viewer", "group")
    access.add_member(empty_store, "6f1c-analys", "owner", "group")
    assert access.role_for_claims(empty_store, {"email": "analys@region-kronoberg.se"}) == "owner"
    assert access.role_for_claims(empty_store, {"email": "LEDNINGSGRUPP@regionskane.se"}) == "viewer"
    assert access.role_for_claims(empty_store, {"email": "x@jll.se", "groups": ["6f1c-ledning"]}) == "viewer"
    both = {"email": "ledningsgrupp@regionskane.se", "groups": ["6f1c-analys"]}
    assert access.role_for_claims(empty_store, both) == "owner"
    assert access.role_for_claims(empty_store, {"email": "okänd@example.se"}) is None
    assert access.role_for_claims(empty_store, {"sub": "no-email"}) is None
    # A group name given as an e-mail claim does not match the group entry.
    assert access.role_for_claims(empty_store, {"email": "6f1c-analys"}) is None
    assert access.access_state(empty_store).owner_set


def test_members_can_be_listed_changed_and_removed(empty_store: Store) -> None:
    access.add_member(empty_store, "analys@region.se", "viewer")
    access.add_member(empty_store, "analys@region.se", "owner")
    assert access.members(empty_store)[["identity", "role"]].values.tolist() == [["analys@region.se", "owner"]]
    assert access.remove_member(empty_store, "ANALYS@region.se")
    assert not access.remove_member(empty_store, "analys@region.se")
    with pytest.raises(access.AccessError):
        access.add_member(empty_store, "not an address", "viewer")
    with pytest.raises(access.AccessError):
        access.add_member(empty_store, "<script>", "viewer", "group")


def test_a_screen_token_opens_its_own_vote_or_cross_only(empty_store: Store, tmp_path) -> None:
    token = access.screen_token(empty_store, "cross", 3)
    assert access.screen_allowed(empty_store, "cross", 3, token)
    assert not access.screen_allowed(empty_store, "cross", 4, token)
    assert not access.screen_allowed(empty_store, "vote", 3, token)
    assert not access.screen_allowed(empty_store, "cross", 3, None)
    assert not access.screen_allowed(empty_store, "cross", 3, token.upper() if token != token.upper() else "0" * 32)
    assert access.screen_token(empty_store, "cross", 3) == token  # stable: the key lives in the workspace
    with Store(tmp_path / "other.duckdb") as other:
        assert not access.screen_allowed(other, "cross", 3, token)  # another workspace, another key


def test_viewer_notes_follow_the_owners_setting(empty_store: Store) -> None:
    access.set_viewer_notes(empty_store, True)
    assert access.access_state(empty_store).viewer_notes
    access.set_viewer_notes(empty_store, False)
    assert not access.access_state(empty_store).viewer_notes


def test_no_traceback_reaches_a_browser() -> None:
    """Streamlit's default shows an unexpected exception's traceback on the page; the app's config turns it off."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["client"]["showErrorDetails"] == "none"


def test_the_computer_running_the_app_is_owner_only_on_a_laptop_workspace(empty_store: Store) -> None:
    """A laptop's file before any owner is set: this computer is owner. A server workspace: never,
    since every request there comes through the proxy (owners sign in)."""
    assert access.local_owner_allowed(empty_store) is (empty_store.dialect == "duckdb")
    access.set_passphrase(empty_store, access.OWNER, "en lång lösenfras för ägaren")
    assert access.local_owner_allowed(empty_store) is False


def test_a_form_token_is_valid_only_for_the_browser_it_was_made_for(empty_store: Store) -> None:
    mine, theirs = access.new_form_binding(), access.new_form_binding()
    token = access.form_token(empty_store, mine)
    assert access.form_token_valid(empty_store, token, mine)
    assert not access.form_token_valid(empty_store, token, theirs)  # an attacker's own form, posted by a victim
    assert not access.form_token_valid(empty_store, token, None)  # a cross-site post carries no Strict cookie
    assert not access.form_token_valid(empty_store, access.form_token(empty_store, ""), "")
    tampered = token[:-1] + ("1" if token.endswith("0") else "0")  # one hex digit changed, never the same one
    assert not access.form_token_valid(empty_store, tampered, mine)
