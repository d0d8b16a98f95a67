"""Every edit form keeps what was typed: saved twice, the second value is what is stored.

Each test saves a form twice in one session and reads the stored row (and the export, where
the page has one) after each save; the conflict tests open one row in two sessions and save in
both: the second is refused with who saved and both versions, and nothing is overwritten.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from foresight import trends
from foresight.data.export import table_frame
from foresight.plans import plans
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.workshops import workshops
from foresight.workspace import build_fixture_workspace, shared_store
from tests.app.conftest import open_parts, run_page

TREND = "mt-migration"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    path = tmp_path / "forms.duckdb"
    build_fixture_workspace(path).close()
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return shared_store(path)  # the store the pages of this process write to


def click(at: AppTest, label: str) -> AppTest:
    next(button for button in at.button if button.label == label).click()
    return at.run()


def widget(at: AppTest, kind: str, label: str):
    return next(element for element in getattr(at, kind) if element.label == label)


def success_after(at: AppTest) -> str:
    return " ".join(str(element.value) for element in at.success)


# -- the trend note ---------------------------------------------------------------------------


def _write_note(at: AppTest, comment: str, priority: int, relevant: bool) -> AppTest:
    widget(at, "text_area", "Why does it matter to us?").set_value(comment)
    widget(at, "radio", "Priority").set_value(priority)
    widget(at, "checkbox", "Relevant for us").set_value(relevant)
    return click(at, "Save note")


def test_the_trend_note_keeps_the_second_save(workspace: Store) -> None:
    at = run_page("views/trends.py", lang="en", trend=TREND)
    _write_note(at, "First note A", 1, True)
    assert "The note is saved." in success_after(at)
    assert trends.current_mark(workspace, TREND) == (True, 1, "First note A")
    _write_note(at, "Changed note B", 3, False)
    assert not at.exception
    assert "The note is saved." in success_after(at)  # beside the button, not only a toast
    assert trends.current_mark(workspace, TREND) == (False, 3, "Changed note B")
    assert widget(at, "text_area", "Why does it matter to us?").value == "Changed note B"  # the form shows it
    assert widget(at, "checkbox", "Relevant for us").value is False
    exported = trends.notes_for_export(workspace, "en")
    assert list(exported["comment"]) == ["Changed note B", "First note A"]  # newest first
    assert list(exported["relevant"]) == [False, True]
    assert TREND not in trends.relevant_ids(workspace)


def test_a_note_written_meanwhile_is_not_buried(workspace: Store) -> None:
    first = run_page("views/trends.py", lang="en", trend=TREND)
    second = run_page("views/trends.py", lang="en", trend=TREND)
    _write_note(first, "From the first session", 1, True)
    _write_note(second, "From the second session", 3, False)
    assert not second.exception
    refusal = " ".join(str(element.value) for element in second.error)
    assert "Not saved" in refusal and "you opened version 0, it is now version 1" in refusal
    assert trends.current_mark(workspace, TREND) == (True, 1, "From the first session")
    assert widget(second, "text_area", "Why does it matter to us?").value == "From the second session"
    click(second, "Load the saved version")  # reads the newer note, then the save goes through
    assert widget(second, "text_area", "Why does it matter to us?").value == "From the first session"
    _write_note(second, "Agreed after reading", 2, True)
    assert trends.current_mark(workspace, TREND) == (True, 2, "Agreed after reading")


# -- the trend itself -------------------------------------------------------------------------


def _edit_trend(at: AppTest, title: str, impact: int) -> AppTest:
    widget(at, "text_input", "Title (English)").set_value(title)
    widget(at, "slider", "Impact").set_value(impact)
    return click(at, "Save")


def test_the_trend_form_keeps_the_second_save(workspace: Store) -> None:
    at = run_page("views/trends.py", lang="en", trend=TREND)
    at.button(key="detail-edit").click()
    at.run()
    _edit_trend(at, "Migration A", 2)
    assert f"The trend {TREND} is saved." in success_after(at)
    assert trends.trend_record(workspace, TREND)["title_en"] == "Migration A"
    at.button(key="detail-edit").click()
    at.run()
    assert widget(at, "text_input", "Title (English)").value == "Migration A"  # the form opens the stored row
    _edit_trend(at, "Migration B", 5)
    assert not at.exception
    assert f"The trend {TREND} is saved." in success_after(at)
    record = trends.trend_record(workspace, TREND)
    assert (record["title_en"], record["impact"]) == ("Migration B", 5)


def test_a_trend_saved_meanwhile_is_not_overwritten(workspace: Store) -> None:
    first = run_page("views/trends.py", lang="en", trend=TREND)
    second = run_page("views/trends.py", lang="en", trend=TREND)
    for at in (first, second):
        at.button(key="detail-edit").click()
        at.run()
    _edit_trend(first, "Saved first", 4)
    _edit_trend(second, "Saved second", 1)
    assert not second.exception
    refusal = " ".join(str(element.value) for element in second.error)
    assert "Not saved" in refusal and "owner" in refusal and "version 0, it is now version 1" in refusal
    record = trends.trend_record(workspace, TREND)
    assert (record["title_en"], record["impact"]) == ("Saved first", 4)
    assert widget(second, "text_input", "Title (English)").value == "Saved second"  # nothing typed is lost


# -- a plan action ----------------------------------------------------------------------------

ACTION = "kronoberg-a01-2018"


def _open_action(at: AppTest) -> AppTest:
    open_parts(at, "plans-edit-action-open")
    return at.selectbox(key="plans-edit-which").set_value(ACTION).run()


def _edit_action(at: AppTest, responsible: str, status: str) -> AppTest:
    at.text_input(key=f"plans-edit-{ACTION}-responsible").set_value(responsible)
    at.selectbox(key=f"plans-edit-{ACTION}-status").set_value(status)
    return click(at, "Save")


def _stored_action(store: Store) -> tuple[str, str]:
    frame = plans.actions(store, "kronoberg-framsyn-2018").set_index("id")
    return frame.loc[ACTION, "responsible"], frame.loc[ACTION, "status"]


def test_the_plan_action_form_keeps_the_second_save(workspace: Store) -> None:
    at = _open_action(run_page("views/plans.py", timeout=60, lang="en", plan="kronoberg-framsyn"))
    _edit_action(at, "Analyst A", "under_way")
    assert "Saved" in success_after(at)
    assert _stored_action(workspace) == ("Analyst A", "under_way")
    _edit_action(at, "Analyst B", "done")
    assert not at.exception
    assert "Saved" in success_after(at)
    assert _stored_action(workspace) == ("Analyst B", "done")
    assert at.text_input(key=f"plans-edit-{ACTION}-responsible").value == "Analyst B"
    sheets = plans.plan_sheets(workspace, "kronoberg-framsyn")  # what the page's download writes
    exported = "\n".join(frame.to_csv() for frame in sheets.values())
    assert "Analyst B" in exported and "Analyst A" not in exported


def test_a_plan_action_saved_meanwhile_is_not_overwritten(workspace: Store) -> None:
    first = _open_action(run_page("views/plans.py", timeout=60, lang="en", plan="kronoberg-framsyn"))
    second = _open_action(run_page("views/plans.py", timeout=60, lang="en", plan="kronoberg-framsyn"))
    _edit_action(first, "Saved first", "under_way")
    _edit_action(second, "Saved second", "done")
    refusal = " ".join(str(element.value) for element in second.error)
    assert "Not saved" in refusal and "version 0, it is now version 1" in refusal
    assert _stored_action(workspace) == ("Saved first", "under_way")


# -- an activity on the map -------------------------------------------------------------------

ACTIVITY = "halland-scenario-copenborg"


def _open_activity() -> AppTest:
    at = run_page("views/map.py", lang="en", region="13")
    at.selectbox(key="map_detail").set_value(ACTIVITY).run()
    return at


def _edit_activity(at: AppTest, description: str, participants: int) -> AppTest:
    at.text_area(key=f"act_{ACTIVITY}_description_sv").set_value(description)
    at.number_input(key=f"act_{ACTIVITY}_participants").set_value(participants)
    return click(at, "Save the activity")


def _stored_activity(store: Store) -> tuple[str, int]:
    frame = table_frame(store, "activities").set_index("id")  # what `python -m foresight export` writes
    return frame.loc[ACTIVITY, "description_sv"], int(frame.loc[ACTIVITY, "participants"])


def test_the_activity_form_keeps_the_second_save(workspace: Store) -> None:
    at = _open_activity()
    _edit_activity(at, "Scenariot Copenborg A", 40)
    assert f"{ACTIVITY} was saved" in success_after(at)
    assert _stored_activity(workspace) == ("Scenariot Copenborg A", 40)
    _edit_activity(at, "Scenariot Copenborg B", 55)
    assert not at.exception
    assert f"{ACTIVITY} was saved" in success_after(at)
    assert _stored_activity(workspace) == ("Scenariot Copenborg B", 55)
    assert at.text_area(key=f"act_{ACTIVITY}_description_sv").value == "Scenariot Copenborg B"


def test_an_activity_saved_meanwhile_is_not_overwritten(workspace: Store) -> None:
    first, second = _open_activity(), _open_activity()
    _edit_activity(first, "Saved first", 10)
    _edit_activity(second, "Saved second", 20)
    refusal = " ".join(str(element.value) for element in second.error)
    assert "Not saved" in refusal and "version 0, it is now version 1" in refusal
    assert _stored_activity(workspace) == ("Saved first", 10)
    assert at_value(second) == "Saved second"  # what was typed stays in the form
    click(second, "Load the saved version")
    assert at_value(second) == "Saved first"


def at_value(at: AppTest) -> str:
    return at.text_area(key=f"act_{ACTIVITY}_description_sv").value


# -- a workshop's details ---------------------------------------------------------------------


def test_the_workshop_form_keeps_the_second_save(workspace: Store) -> None:
    held = workshops.create_workshop(workspace, "Skåne mars", "2026-03-02")
    at = run_page("views/workshops.py", lang="en", workshop=str(held))
    key = f"workshop_form_{held}"
    for place, participants in (("Malmö A", 12), ("Lund B", 30)):
        at.text_input(key=f"{key}_place").set_value(place)
        at.number_input(key=f"{key}_participants").set_value(participants)
        click(at, "Save")
        assert not at.exception
        assert "Saved." in success_after(at)
        stored = workshops.get_workshop(workspace, held)
        assert (stored.place, stored.participants) == (place, participants)
        assert at.text_input(key=f"{key}_place").value == place


# -- what moved: since the last workshop before today ------------------------------------------


def test_what_moved_starts_at_the_last_workshop_before_today(workspace: Store) -> None:
    today = date.today()
    for title, days in (("Long ago", 60), ("Last time", 7), ("Today", 0)):
        workshops.create_workshop(workspace, title, (today - timedelta(days=days)).isoformat())
    at = run_page("views/workshops.py", lang="sv", view="compare")  # (format_func runs in the test too)
    listed = workshops.list_workshops(workspace)
    last_time = workshops.last_held_before(listed, today)
    assert last_time is not None and last_time.title == "Last time"
    # by workshops: last time against today's
    assert (at.query_params["before"], at.query_params["after"]) == (str(last_time.id), str(listed[0].id))
    at.session_state["compare-by"] = "dates"
    at.run()
    assert not at.exception
    assert (at.date_input(key="compare-from").value, at.date_input(key="compare-to").value) == (
        today - timedelta(days=7),
        today,
    )
    at.date_input(key="compare-from").set_value(today - timedelta(days=60)).run()  # a date typed in stays
    assert at.date_input(key="compare-from").value == today - timedelta(days=60)
    assert at.query_params["from"] == (today - timedelta(days=60)).isoformat()


# -- a scenario cross's axes and scenarios ----------------------------------------------------


def test_the_cross_editors_keep_the_second_save(workspace: Store) -> None:
    cross_id = scenarios.create_cross(workspace, "Gävleborg")
    at = run_page("views/scenarios.py", lang="en", cross=str(cross_id))
    for name, low in (("Home care A", "slow A"), ("Home care B", "slow B")):
        at.text_input(key=f"axes_{cross_id}_x_low").set_value(low)
        click(at, "Save the axes")
        at.text_input(key=f"quadrants_{cross_id}_ne_name").set_value(name)
        click(at, "Save the scenarios")
        assert not at.exception
        cross = scenarios.get_cross(workspace, cross_id)
        assert (cross.x.low, cross.quadrant("ne").name) == (low, name)
        assert at.text_input(key=f"quadrants_{cross_id}_ne_name").value == name
