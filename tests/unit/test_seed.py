"""The seed dataset: loads cleanly, meets the counts, keeps to the data rules."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

from foresight.data.tables import TABLES
from foresight.store import Store

ROOT = Path(__file__).resolve().parents[2]


def test_seed_meets_the_minimum_counts(seeded_store: Store) -> None:
    counts = seeded_store.row_counts()
    assert counts["regions"] == 21
    assert counts["organisations"] >= 25
    assert counts["activities"] >= 60
    assert counts["drivers"] >= 10
    assert seeded_store.scalar("SELECT count(*) FROM trends WHERE level = 'megatrend'") >= 14
    assert seeded_store.scalar("SELECT count(*) FROM trends WHERE level = 'weak_signal'") >= 1


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("12", "Skåne"),
        ("14", "Västra Götaland"),
        ("23", "Jämtland Härjedalen"),
        ("05", "Östergötland"),
        ("25", "Norrbotten"),
    ],
)
def test_regions_keep_their_swedish_names_and_scb_codes(seeded_store: Store, code: str, name: str) -> None:
    assert seeded_store.scalar("SELECT name FROM regions WHERE code = ?", [code]) == name


def test_every_region_has_a_regional_organisation_with_activity(seeded_store: Store) -> None:
    without = seeded_store.rows(
        "SELECT r.code FROM regions r WHERE NOT EXISTS (SELECT 1 FROM organisations o JOIN activities a"
        " ON a.organisation_id = o.id WHERE o.region_code = r.code)"
    )
    assert without == []


def test_every_row_names_its_source(seeded_store: Store) -> None:
    for table in TABLES:
        if "source" in TABLES[table].column_names:
            assert seeded_store.scalar(f"SELECT count(*) FROM {table} WHERE source IS NULL OR source = ''") == 0


NAME_HASHES = Path(__file__).resolve().parents[1] / "support" / "personal_names.sha256"
SKIPPED_DIRS = {".git", ".venv", "artifacts", "__pycache__", ".pytest_cache", ".ruff_cache", "node_modules"}


def _normalised(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(text.split())).casefold()


def _repository_texts() -> list[tuple[Path, str]]:
    found = []
    for path in ROOT.rglob("*"):
        if path.is_file() and not SKIPPED_DIRS & set(path.relative_to(ROOT).parts) and path != NAME_HASHES:
            try:
                found.append((path, path.read_text(encoding="utf-8")))
            except (UnicodeDecodeError, OSError):
                continue  # binary files (the icon, workspaces) hold no prose
    return found


def _phrases_with_hash(text: str, hashes: set[str]) -> set[str]:
    """The words and pairs of neighbouring words of `text` whose sha256 is in `hashes`."""
    words = re.findall(r"\w+", _normalised(text))
    phrases = {*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))}
    return {phrase for phrase in phrases if hashlib.sha256(phrase.encode()).hexdigest() in hashes}


def test_no_personal_names_anywhere_in_the_repository() -> None:
    """Contact persons and speakers of the source documents are kept only as hashes of their names.

    Every word and every pair of neighbouring words of every text file is hashed and looked up,
    so a name in a data file, a test or a comment fails here, and this test itself names nobody.
    """
    wanted = {line for line in NAME_HASHES.read_text().splitlines() if line and not line.startswith("#")}
    assert len(wanted) >= 30 and all(re.fullmatch(r"[0-9a-f]{64}", line) for line in wanted)
    hits = [str(path.relative_to(ROOT)) for path, text in _repository_texts() if _phrases_with_hash(text, wanted)]
    assert hits == []


def test_the_name_check_finds_a_hashed_name_in_running_text() -> None:
    made_up = {hashlib.sha256(_normalised(name).encode()).hexdigest() for name in ("Testa Påhittsson", "påhittsson")}
    text = "Kontakt:\n  TESTA   Påhittsson, utvecklare; Påhittsson svarar."
    assert _phrases_with_hash(text, made_up) == {"testa påhittsson", "påhittsson"}
    assert _phrases_with_hash("Skåne och Västra Götaland", made_up) == set()
