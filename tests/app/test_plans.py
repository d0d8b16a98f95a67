"""The plans page in AppTest: seeded plans in both languages, revising, backcasting from a quadrant, vision work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from foresight.plans import backcasting, plans
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.workshops import workshops
from foresight.workspace import build_fixture_workspace
from tests.app.conftest import all_text, open_parts, run_page

PAGE = "views/plans.py"


@pytest.fixture
def plans_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace of its own (these tests write), with one scenario cross in it, for $FRAMSYN_DB."""
    path = tmp_path / "plans.duckdb"
    with build_fixture_workspace(path) as store:
        cross = scenarios.create_cross(store, "Kors för test")
        scenarios.set_quadrant(store, cross, "sw", "Lokal självförsörjning", "Länet klarar sig självt.")
    monkeypatch.setenv("FRAMSYN_DB", str(path))
    return path


@pytest.fixture
def own_app(plans_db: Path) -> Callable[..., AppTest]:
    return lambda page=PAGE, **query: run_page(page, timeout=60, **query)


def _button(at: AppTest, label: str):
    return next(button for button in at.button if button.label == label)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "sv",
            ["Handlingsplaner", "Övergripande mål", "Revidera inför nästa år", "Hur ser det ut när vi har lyckats?"],
        ),
        (
            "en",
            ["Action plans", "Overall goal", "Revise for next year", "What does it look like when we have succeeded?"],
        ),
    ],
)
def test_seeded_plan_shows_goal_subgoals_and_actions(app, lang: str, expected: list[str]) -> None:
    at = app(PAGE, lang=lang, plan="kronoberg-framsyn")
    assert not at.exception
    text = all_text(at)
    for phrase in expected[:3]:
        assert phrase in text
    assert "Regional utveckling agerar utifrån den framtid vi kan förvänta oss" in text.replace("\\", "")
    actions = at.dataframe[0].value
    assert len(actions) == 11
    assert "Verksamhetsutvecklare" in set(actions["responsible"])
    open_parts(at, tab=("plans-tabs", "Visionsarbete" if lang == "sv" else "Vision work"))
    answers = next(frame.value for frame in at.dataframe if "Hela kommunen" in frame.value.columns)
    assert expected[3] in set(answers.iloc[:, 0])


def test_revise_then_compare_the_two_years(own_app) -> None:
    at = open_parts(own_app(plan="kronoberg-framsyn"), "plans-edit-action-open")
    at.selectbox(key="plans-edit-which").set_value("kronoberg-a01-2018").run()
    at.selectbox(key="plans-edit-kronoberg-a01-2018-status").set_value("done")
    next(b for b in at.button if b.label == "Spara").click().run()
    assert not at.exception
    _button(at, "Revidera inför nästa år").click().run()
    assert not at.exception
    assert any("2019" in success.value for success in at.success)
    assert at.selectbox(key="plans-version-kronoberg-framsyn-2").value == 2019
    assert len(at.dataframe[0].value) == 10
    open_parts(at, tab=("plans-tabs", "Ändringar mellan år"))
    changes = next(frame.value for frame in at.dataframe if "change" in frame.value.columns)
    assert list(changes["change"]) == ["Klar"]
    assert "**2018 → 2019:** 0 tillagda · 1 klara" in all_text(at)


def test_backcast_from_a_quadrant_link_to_actions(own_app) -> None:
    at = own_app(plan="kronoberg-framsyn", cross="1", quadrant="sw", lang="en")
    assert not at.exception
    assert at.radio(key="nb-start").value == "quadrant"
    assert at.selectbox(key="nb-quadrant").value == "1:sw"
    at.text_input(key="nb-title").input("Self-reliant 2040")
    at.text_area(key="nb-success").input("Food and energy are produced in the county.")
    at.number_input(key="nb-from").set_value(2026)
    at.number_input(key="nb-horizon").set_value(2040)
    _button(at, "Create the backcast").click().run()
    assert not at.exception and not at.error
    assert at.query_params["bc"] in (["kronoberg-framsyn-self-reliant-2040"], "kronoberg-framsyn-self-reliant-2040")
    assert "Starts from: Kors för test: Lokal självförsörjning" in all_text(at).replace("\\", "")
    at.number_input(key="pm-year").set_value(2032)
    at.text_input(key="pm-title").input("Half of the food is local")
    _submit(at, "plans-milestone-kronoberg-framsyn-self-reliant-2040")
    assert not at.error
    at.text_input(key="pa-1-title").input("Map local producers")
    at.text_input(key="pa-1-who").input("Rural development strategist")
    _button(at, "Add to the plan").click().run()
    assert not at.exception and not at.error
    this_year = date.today().year  # this year's actions go into this year's version, never 2018's
    assert f"1 actions were added to the plan's version {this_year}." in [success.value for success in at.success]
    open_parts(at, tab=("plans-tabs", "Plan"))
    assert "Map local producers" in set(at.dataframe[0].value["title"])


def test_backcast_needs_an_action_with_a_role(own_app, plans_db: Path) -> None:
    with Store(plans_db) as store:
        backcast = backcasting.create(store, "kronoberg-framsyn", "B", "S", 2026, 2040)
        backcasting.add_milestone(store, backcast, 2030, "M")
    at = own_app(plan="kronoberg-framsyn", bc=backcast)
    at.text_input(key="pa-1-title").input("Utan roll")
    next(b for b in at.button if b.label == "Lägg till i planen").click().run()
    assert not at.exception
    assert at.error
    problems = next(frame.value for frame in at.dataframe if "Kolumn" in frame.value.columns)
    assert list(problems["Kolumn"]) == ["responsible"]


def test_presentation_shows_the_backcast_alone(own_app, plans_db: Path) -> None:
    with Store(plans_db) as store:
        backcast = backcasting.create(store, "kronoberg-framsyn", "Grönt 2040", "Allt är grönt.", 2026, 2040)
        backcasting.add_milestone(store, backcast, 2030, "Halvvägs")
    at = own_app(plan="kronoberg-framsyn", bc=backcast, present="1")
    assert not at.exception
    assert [title.value for title in at.title] == ["Grönt 2040"]
    assert not at.selectbox and len(at.get("plotly_chart")) == 1
    _button(at, "Tillbaka").click().run()
    assert "present" not in at.query_params and [title.value for title in at.title] == ["Handlingsplaner"]


def test_vision_answer_is_added_side_by_side(own_app) -> None:
    at = open_parts(own_app(), tab=("plans-tabs", "Visionsarbete"))
    at.text_input(key="pv-group").input("Förvaltningen för Teknik")
    at.selectbox(key="pv-question").set_value("opportunities")
    at.text_area(key="pv-answer").input("Invånarna *styr* [prioriteringarna]")
    _submit(at, "plans-answer")
    assert not at.exception and not at.error
    answers = next(frame.value for frame in at.dataframe if "Hela kommunen" in frame.value.columns)
    assert answers.loc[1, "Förvaltningen för Teknik"] == "Invånarna *styr* [prioriteringarna]"


def _submit(at: AppTest, form: str) -> None:
    next(button for button in at.button if button.form_id == form).click().run()


def test_trend_detail_shows_actions_that_serve_it(own_app, plans_db: Path) -> None:
    with Store(plans_db) as store:
        trend = store.scalar("SELECT id FROM trends WHERE list_contains(drivers, 'climate-change') ORDER BY id LIMIT 1")
    at = own_app("views/trends.py", trend=trend)
    assert not at.exception
    assert "Insatser i handlingsplaner som tjänar detta" in all_text(at)
    served = next(frame.value for frame in at.dataframe if "responsible" in frame.value.columns)
    assert "Pröva framsynsverktyg med kommuner som har distriktsutmaningar" in set(served["title"])


def test_quadrant_shows_the_backcasts_built_on_it(own_app, plans_db: Path) -> None:
    with Store(plans_db) as store:
        backcasting.create(
            store, "kronoberg-framsyn", "Själv*försörjande* 2040", "S", 2026, 2040, cross_id=1, quadrant="sw"
        )
    at = own_app("views/scenarios.py", cross="1")
    assert not at.exception
    links = [element.proto.label for element in at.get("page_link")]
    assert links.count("Backcasta från detta scenario") == 4
    assert "Själv\\*försörjande\\* 2040 · Handlingsplan för framsynsarbete mot 2050 \\(rullande\\)" in links


def test_backcast_from_a_workshops_quadrant_opens_the_workshops_plan(own_app, plans_db: Path) -> None:
    with Store(plans_db) as store:
        workshop = workshops.create_workshop(store, "Framsynsdag", "2026-09-14", organisation="Region Kronoberg")
        workshops.attach(store, workshop, "crosses", [1])
    cross = own_app("views/scenarios.py", cross="1")
    link = next(e.proto for e in cross.get("page_link") if e.proto.label == "Backcasta från detta scenario")
    assert "kronoberg-framsyn" in str(link)  # the link carries the workshop's plan
    at = own_app(cross="1", quadrant="sw", lang="en")  # no ?plan: the workshop's plan, not the list's first
    assert not at.exception
    assert at.query_params["plan"] in (["kronoberg-framsyn"], "kronoberg-framsyn")
    assert at.selectbox(key="nb-quadrant").value == "1:sw"
    assert not [field for field in at.number_input if "Workshop" in field.label]


def test_a_quadrant_of_a_workshop_without_a_plan_makes_the_plan_in_the_flow(own_app, plans_db: Path) -> None:
    with Store(plans_db) as store:
        workshop = workshops.create_workshop(store, "Kommundag", "2026-09-14", organisation="Kungsbacka kommun")
        workshops.attach(store, workshop, "crosses", [1])
    at = own_app(cross="1", quadrant="sw", lang="en")
    assert not at.exception
    assert "The workshop has no action plan yet" in all_text(at)
    assert "plan" not in at.query_params and not at.get("tabs")  # no other organisation's plan by default
    assert at.selectbox(key="wp-existing").value is None
    assert at.text_input(key="wp-title").value == "Kommundag"
    _submit(at, "plans-workshop-plan")
    assert not at.exception and not at.error, [e.value for e in at.error] + [str(d.value) for d in at.dataframe]
    plan_id = at.query_params["plan"]
    plan_id = plan_id[0] if isinstance(plan_id, list) else plan_id
    assert plan_id.startswith("kungsbacka") and at.selectbox(key="nb-quadrant").value == "1:sw"
    from foresight.ui.resources import store as page_store  # the app's own connection to the file

    assert [year for _, year in plans.get_plan(page_store(), plan_id).versions] == [date.today().year]
