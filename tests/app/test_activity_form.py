"""Adding one activity on the map page is a form, not a file (issue 25, point 5).

A refusal names the field in the user's language beside the form (never the import's "the file
has 1 error" and its "Row 2 · source" table) and stores nothing; the id is made from the name;
the source may be a new one typed in place or the workshop itself; required fields are marked;
a save ends with a confirmation by the button. Each test runs on a workspace of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from foresight.store import Store
from foresight.ui.activity_editor import NEW_SOURCE, OWN_SOURCE
from foresight.workspace import build_fixture_workspace, shared_store
from tests.app.conftest import run_page


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    path = tmp_path / "activity.duckdb"
    build_fixture_workspace(path).close()
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return shared_store(path)  # the store the page of this process writes to


def open_form(lang: str = "en") -> AppTest:
    at = run_page("views/map.py", lang=lang, region="13")
    assert at.selectbox(key="map_detail").value == ""  # "New activity …" comes first for an owner
    return at


def fill(
    at: AppTest, name: str = "Framtidsverkstad i Halland", kind: str = "workshop", source: str | None = None
) -> AppTest:
    """The fields above the form (a change answers at once), then the form's (sent with the save)."""
    at.text_input(key="act_new_name").set_value(name).run()  # the id follows the name at once
    if source is not None:
        at.selectbox(key="act_new_source").set_value(source).run()
    at.selectbox(key="act_new_org").set_value("region-halland")
    at.number_input(key="act_new_year").set_value(2025)
    at.selectbox(key="act_new_type").set_value(kind)
    at.multiselect(key="act_new_methods").set_value(["backcasting"])
    at.text_area(key="act_new_description_sv").set_value("En framtidsverkstad med länets kommuner om 2040.")
    return at


def save(at: AppTest, label: str = "Save the activity") -> AppTest:
    next(button for button in at.button if button.label == label).click()
    return at.run()


def stored(store: Store, activity_id: str) -> tuple | None:
    rows = store.rows("SELECT id, source FROM activities WHERE id = ?", [activity_id])
    return rows[0] if rows else None


def texts(at: AppTest, kind: str) -> str:
    """The elements' texts, Markdown escapes taken out."""
    return " ".join(str(element.value) for element in getattr(at, kind)).replace("\\", "")


def test_an_empty_source_is_named_in_the_user_s_language_and_nothing_is_stored(workspace: Store) -> None:
    before = workspace.scalar("SELECT count(*) FROM activities")
    for lang, message, wrong in (
        ("sv", "Källa måste fyllas i.", "Filen innehåller"),
        ("en", "Source is required.", "The file"),
    ):
        at = fill(open_form(lang))
        save(at, "Spara aktiviteten" if lang == "sv" else "Save the activity")
        assert not at.exception
        # Beside the source field, and once more by the button; no import table, no "file", no row.
        assert message in texts(at, "markdown")
        assert message in texts(at, "error")
        assert wrong not in texts(at, "error") and len(at.dataframe) < 3  # the map's tables only
        assert all("Rad" not in str(frame.value.columns) for frame in at.dataframe)
        # What was typed is still there, and nothing was stored.
        assert at.text_input(key="act_new_name").value == "Framtidsverkstad i Halland"
        assert at.text_area(key="act_new_description_sv").value.startswith("En framtidsverkstad")
    assert workspace.scalar("SELECT count(*) FROM activities") == before
    assert stored(workspace, "framtidsverkstad-i-halland") is None


def test_several_missing_fields_are_each_named_beside_their_field(workspace: Store) -> None:
    at = open_form("sv")
    at.text_input(key="act_new_name").set_value("Tom").run()
    save(at, "Spara aktiviteten")
    shown = texts(at, "markdown")
    for message in ("Organisation måste fyllas i.", "Typ av aktivitet måste fyllas i.", "Källa måste fyllas i."):
        assert message in shown
    assert "Ange ett årtal eller markera aktiviteten som utan årtal." in shown
    assert "Beskrivning (svenska) måste fyllas i." in shown


def test_the_id_is_made_from_the_name_unique_and_editable(workspace: Store) -> None:
    at = open_form()
    at.text_input(key="act_new_name").set_value("Framtidsverkstad i Halland").run()
    assert at.text_input(key="act_new_id").value == "framtidsverkstad-i-halland"
    at.text_input(key="act_new_name").set_value("Kungsbacka podcast").run()  # the id follows the name
    assert at.text_input(key="act_new_id").value == "kungsbacka-podcast-2"  # kungsbacka-podcast is taken
    at.text_input(key="act_new_id").set_value("halland-fv-2025").run()  # changed by hand: kept
    at.text_input(key="act_new_name").set_value("Något annat").run()
    assert at.text_input(key="act_new_id").value == "halland-fv-2025"
    # A taken id typed by hand is refused by the id field, not replaced.
    fill(at, name="Något annat", source="region2050_hemarbete")
    at.text_input(key="act_new_id").set_value("kungsbacka-podcast")
    save(at)
    assert "The id kungsbacka-podcast is already taken" in texts(at, "markdown")
    assert workspace.scalar("SELECT organisation_id FROM activities WHERE id = 'kungsbacka-podcast'") == (
        "kungsbacka-kommun"
    )


def test_a_new_source_typed_in_place_is_stored_and_linked(workspace: Store) -> None:
    at = fill(open_form(), source=NEW_SOURCE)  # its fields appear
    save(at)
    assert "Title of the new source is required." in texts(at, "markdown")
    at.text_input(key="act_new_new_source_title").set_value("Minnesanteckningar från framtidsverkstaden")
    at.text_input(key="act_new_new_source_url").set_value("https://example.org/anteckningar")
    save(at)
    assert not at.exception
    assert "framtidsverkstad-i-halland was saved" in texts(at, "success")
    activity = stored(workspace, "framtidsverkstad-i-halland")
    assert activity is not None
    title, url, year = workspace.rows("SELECT title, url, year FROM sources WHERE id = ?", [activity[1]])[0]
    assert (title, url, year) == (
        "Minnesanteckningar från framtidsverkstaden",
        "https://example.org/anteckningar",
        2025,
    )
    assert activity[1] == "minnesanteckningar-fran-framtidsverkstaden"


def test_a_workshop_can_be_its_own_source_and_another_activity_cannot(workspace: Store) -> None:
    at = fill(open_form(), kind="conference", source=OWN_SOURCE)
    save(at)
    assert "only an activity of the type workshop can be its own source" in texts(at, "markdown")
    assert stored(workspace, "framtidsverkstad-i-halland") is None
    at.selectbox(key="act_new_type").set_value("workshop")
    save(at)
    assert "framtidsverkstad-i-halland was saved" in texts(at, "success")
    source = stored(workspace, "framtidsverkstad-i-halland")[1]
    title, publisher = workspace.rows("SELECT title, publisher FROM sources WHERE id = ?", [source])[0]
    assert title == "En framtidsverkstad med länets kommuner om 2040." and publisher == "Region Halland"


def test_required_fields_are_marked_and_a_save_is_confirmed_by_the_button(workspace: Store) -> None:
    at = open_form("sv")
    labels = {
        widget.label
        for kind in ("text_input", "selectbox", "number_input", "text_area")
        for widget in getattr(at, kind)
    }
    for required in ("Namn på aktiviteten *", "Id *", "Källa *", "Organisation *", "Typ av aktivitet *"):
        assert required in labels
    assert "Beskrivning (svenska) *" in labels and "År (eller utan årtal) *" in labels
    assert "Fält markerade med * måste fyllas i." in texts(at, "caption")
    fill(at, source="region2050_hemarbete")
    save(at, "Spara aktiviteten")
    assert not at.exception
    assert "Aktiviteten framtidsverkstad-i-halland är sparad." in texts(at, "success")
    # The confirmation sits in the place right under the save button (brought into view after the
    # save), and the form is empty for the next activity.
    assert at.text_input(key="act_new_name").value == ""
    assert stored(workspace, "framtidsverkstad-i-halland") == ("framtidsverkstad-i-halland", "region2050_hemarbete")
