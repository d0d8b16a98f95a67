"""The seed dataset: loads cleanly, meets the counts, keeps to the data rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from foresight.loading import SEED_DIR
from foresight.store import Store
from foresight.tables import TABLES

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


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


def _contact_names() -> set[str]:
    """Names of the contact persons and speakers in the source documents."""
    names = set()
    for seed in SEEDS.glob("*.txt"):
        text = seed.read_text(encoding="utf-8")
        names |= {match.strip(" .") for match in re.findall(r"Kontaktperson:\s*([^\n]+)", text)}
    return names | {"Angela Wilkinson", "Jake Dunagan", "Outi Kuittinen", "Erik Westholm", "Per Lundgren",
                    "Christel Gustafsson", "Sunny Sandström", "Malin Aronsson", "Ivan Stipić", "Katarina Öryd"}  # fmt: skip


@pytest.mark.skipif(not SEEDS.exists(), reason="the shared source documents are not beside this checkout")
def test_no_personal_names_in_the_data() -> None:
    names = _contact_names()
    assert len(names) >= 15
    data = "\n".join(path.read_text(encoding="utf-8") for path in SEED_DIR.glob("*.csv"))
    for name in names:
        for part in [name, name.split()[-1]]:
            if len(part) > 4 and part not in {"Karlsson", "Larsson", "Johansson", "Olsson"}:
                assert part not in data, part
        assert name not in data
