"""Participant tokens: issued by the server for one vote and signed with the workspace's key.

A phone keeps its token in its address (a reload finds the same ballot). The token is a random
id and an HMAC-SHA256 signature of the vote code and that id under a per-workspace key kept in
the workspace, so a self-invented token, or one issued for another vote, is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from foresight.errors import StorageError
from foresight.store import Store
from foresight.vote import voting

PARTICIPANT_KEY = "participant_tokens"
_PARTICIPANT_ID_CHARS = 16  # secrets.token_urlsafe(12)
_SIGNATURE_BYTES = 18  # 24 URL-safe characters, no padding


def participant_key(store: Store) -> bytes:
    """The workspace's key for signing participant tokens, made on first use."""
    for _ in range(100):
        found = store.scalar("SELECT secret FROM workspace_keys WHERE name = ?", [PARTICIPANT_KEY])
        if found is not None:
            return bytes(found)
        try:
            with store.transaction() as cursor:
                cursor.execute(
                    "INSERT INTO workspace_keys VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    [PARTICIPANT_KEY, secrets.token_bytes(32), voting.now()],
                )
        except StorageError:
            # Another thread or process is making it (DuckDB may report that as a conflict before
            # the other commit is visible): read theirs once it is.
            time.sleep(0.01)
    raise StorageError("error.storage_write", detail="no participant key")


def _signature(key: bytes, code: str, participant_id: str) -> str:
    digest = hmac.new(key, f"{code}:{participant_id}".encode(), hashlib.sha256).digest()[:_SIGNATURE_BYTES]
    return base64.urlsafe_b64encode(digest).decode("ascii")


def sign_participant(key: bytes, code: str, participant_id: str | None = None) -> str:
    """A participant token for the vote `code`: an id (random unless given) and its signature, 40 characters."""
    participant_id = participant_id or secrets.token_urlsafe(12)
    if len(participant_id) != _PARTICIPANT_ID_CHARS:
        raise ValueError("a participant id has 16 URL-safe characters")
    return participant_id + _signature(key, code, participant_id)


def verify_participant(key: bytes, code: str, token: object) -> bool:
    """Whether `token` was issued by this workspace for the vote `code`."""
    if not voting.valid_token(token) or len(token) != _PARTICIPANT_ID_CHARS + _SIGNATURE_BYTES * 4 // 3:
        return False
    participant_id, signature = token[:_PARTICIPANT_ID_CHARS], token[_PARTICIPANT_ID_CHARS:]
    return hmac.compare_digest(signature, _signature(key, code, participant_id))
