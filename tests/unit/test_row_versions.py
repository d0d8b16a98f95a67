"""Row versions on both engines: a save carries the version it opened; a stale one writes nothing."""

from __future__ import annotations

import pytest

from foresight import row_versions, trends
from foresight.map import activity_edits
from foresight.plans import plans
from foresight.row_versions import EditConflictError


def test_a_trend_saved_twice_counts_versions_and_refuses_a_stale_save(seeded_store) -> None:
    record = trends.trend_record(seeded_store, "mt-migration")
    assert row_versions.version_of(seeded_store, "trends", "mt-migration").number == 0
    first = trends.save_trend(seeded_store, {**record, "title_en": "One"}, new=False, opened=0, editor="Skåne")
    assert first["version"] == 1
    stored = row_versions.version_of(seeded_store, "trends", "mt-migration")
    assert (stored.number, stored.by) == (1, "Skåne") and stored.at
    with pytest.raises(EditConflictError) as refused:
        trends.save_trend(seeded_store, {**record, "title_en": "Two"}, new=False, opened=0, editor="Jämtland")
    assert refused.value.params["who"] == "Skåne"
    assert (refused.value.params["yours"], refused.value.params["theirs"]) == (0, 1)
    assert trends.trend_record(seeded_store, "mt-migration")["title_en"] == "One"
    trends.save_trend(seeded_store, {**record, "title_en": "Two"}, new=False, opened=1, editor="Jämtland")
    assert trends.trend_record(seeded_store, "mt-migration")["title_en"] == "Two"


def test_a_stale_note_is_refused(seeded_store) -> None:
    opened = trends.note_version(seeded_store, "mt-migration")
    trends.add_note(seeded_store, "mt-migration", 1, "Först", opened=opened, writer="Västra Götaland")
    with pytest.raises(EditConflictError) as refused:
        trends.add_note(seeded_store, "mt-migration", 3, "Sedan", opened=opened)
    assert refused.value.params["who"] == "Västra Götaland"
    assert trends.current_mark(seeded_store, "mt-migration") == (True, 1, "Först")


def test_a_stale_plan_action_or_activity_is_refused(seeded_store) -> None:
    action = "kronoberg-a01-2018"
    plans.save_action(seeded_store, "kronoberg-framsyn-2018", {"responsible": "A"}, action_id=action, opened=0)
    with pytest.raises(EditConflictError):
        plans.save_action(seeded_store, "kronoberg-framsyn-2018", {"responsible": "B"}, action_id=action, opened=0)
    assert set(plans.actions(seeded_store, "kronoberg-framsyn-2018").set_index("id").loc[[action], "responsible"]) == {
        "A"
    }
    fields = activity_edits.activity_fields(seeded_store, "halland-scenario-copenborg")
    activity_edits.save_activity(seeded_store, {**fields, "participants": "5"}, opened=0)
    with pytest.raises(EditConflictError):
        activity_edits.save_activity(seeded_store, {**fields, "participants": "6"}, opened=0)
    assert activity_edits.activity_fields(seeded_store, "halland-scenario-copenborg")["participants"] == "5"
