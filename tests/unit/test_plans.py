"""Action plans on a real DuckDB file: seeds, versioning, the diff between versions, backcasting, links."""

from __future__ import annotations

import pytest

from foresight.data import export
from foresight.data.loading import import_file
from foresight.errors import NotFoundError, ValidationError
from foresight.plans import backcasting, plans, versions, visions
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.workshops import workshops

KRONOBERG = "kronoberg-framsyn"


def _first_version(store: Store, plan_id: str = KRONOBERG) -> str:
    return plans.get_plan(store, plan_id).versions[0][0]


def test_seeded_plans_have_goals_actions_roles_and_sources(seeded_store: Store) -> None:
    kronoberg = plans.get_plan(seeded_store, KRONOBERG)
    assert kronoberg.organisation == "Region Kronoberg"
    assert len(kronoberg.goals) == 4
    assert kronoberg.versions == (("kronoberg-framsyn-2018", 2018),)
    assert len(plans.actions(seeded_store, "kronoberg-framsyn-2018")) == 11
    distrikt = plans.get_plan(seeded_store, "distriktssenteret-framsyn")
    assert len(distrikt.goals) == 2 and distrikt.horizon == 2025
    assert seeded_store.scalar("SELECT count(*) FROM plan_actions WHERE responsible = '' OR source IS NULL") == 0
    # Every seeded action serves at least one sub-goal and names a (seeded) activity it stands for.
    assert (
        seeded_store.scalar(
            "SELECT count(*) FROM plan_actions WHERE cardinality(goals) = 0 OR cardinality(activities) = 0"
        )
        == 0
    )


def test_revise_copies_only_open_actions_into_next_year(seeded_store: Store) -> None:
    version = _first_version(seeded_store)
    plans.set_status(seeded_store, "kronoberg-a01-2018", "done")
    plans.set_status(seeded_store, "kronoberg-a02-2018", "dropped")
    plans.set_status(seeded_store, "kronoberg-a03-2018", "under_way")
    new_version = versions.revise(seeded_store, KRONOBERG)
    assert new_version == "kronoberg-framsyn-2019"
    copied = plans.actions(seeded_store, new_version)
    assert len(copied) == 9
    assert "kronoberg-a01" not in set(copied["lineage"]) and "kronoberg-a02" not in set(copied["lineage"])
    a03 = copied.set_index("lineage").loc["kronoberg-a03"]
    assert a03["id"] == "kronoberg-a03-2019" and a03["status"] == "under_way"
    assert list(a03["goals"]) == ["kronoberg-g3"]
    # The old version is left as it was decided.
    assert len(plans.actions(seeded_store, version)) == 11
    assert plans.get_plan(seeded_store, KRONOBERG).versions[-1] == (new_version, 2019)
    assert versions.revise(seeded_store, KRONOBERG) == "kronoberg-framsyn-2020"


def test_diff_between_versions_names_added_completed_dropped_moved_and_changed(seeded_store: Store) -> None:
    old = _first_version(seeded_store)
    plans.set_status(seeded_store, "kronoberg-a01-2018", "done")  # closed before the revision
    new = versions.revise(seeded_store, KRONOBERG)
    plans.set_status(seeded_store, "kronoberg-a02-2019", "done")
    plans.set_status(seeded_store, "kronoberg-a03-2019", "dropped")
    plans.save_action(seeded_store, new, {"start_year": 2020, "end_year": 2021}, action_id="kronoberg-a04-2019")
    plans.save_action(
        seeded_store, new, {"responsible": "Regional utvecklingsdirektör"}, action_id="kronoberg-a05-2019"
    )
    added = plans.save_action(seeded_store, new, {"title": "Scenarier i regionplanen", "responsible": "Planeringschef"})
    kinds = versions.diff_kinds(seeded_store, old, new)
    added_lineage = seeded_store.scalar("SELECT lineage FROM plan_actions WHERE id = ?", [added])
    assert kinds == {
        "added": [added_lineage],
        "completed": ["kronoberg-a02", "kronoberg-a01"],
        "dropped": ["kronoberg-a03"],
        "moved": ["kronoberg-a04"],
        "changed": ["kronoberg-a05"],
    }
    shown = versions.compare(seeded_store, old, new, "en")
    assert list(shown["change"]) == ["Added", "Completed", "Completed", "Dropped", "Moved in time", "Changed"]
    assert "– → 2020–2021" in set(shown["detail"])
    assert versions.diff_kinds(seeded_store, new, new) == {kind: [] for kind in versions.CHANGE_KINDS}


def test_app_edits_are_checked_like_imports(seeded_store: Store) -> None:
    version = _first_version(seeded_store)
    with pytest.raises(ValidationError) as missing:
        plans.save_action(seeded_store, version, {"title": "Utan ansvarig"})
    assert {(p.column, p.key) for p in missing.value.problems} == {("responsible", "import.required")}
    with pytest.raises(ValidationError) as unknown:
        plans.save_action(
            seeded_store, version, {"title": "X", "responsible": "Y", "trends": ["no-such-trend"], "status": "soon"}
        )
    assert {p.key for p in unknown.value.problems} == {"import.unknown_reference", "import.bad_choice"}
    with pytest.raises(ValidationError) as period:
        plans.save_action(
            seeded_store, version, {"title": "X", "responsible": "Y", "start_year": 2020, "end_year": 2019}
        )
    assert period.value.problems[0].key == "plans.error.period"
    with pytest.raises(ValidationError) as other_plan:
        plans.save_action(seeded_store, version, {"title": "X", "responsible": "Y", "goals": ["distriktssenteret-g1"]})
    assert other_plan.value.problems[0].key == "plans.error.other_goal"
    assert len(plans.actions(seeded_store, version)) == 11


def test_links_survive_a_deleted_or_renamed_trend_driver_and_activity(seeded_store: Store) -> None:
    version = _first_version(seeded_store)
    trend = seeded_store.scalar("SELECT id FROM trends WHERE level = 'megatrend' ORDER BY id LIMIT 1")
    action = plans.save_action(
        seeded_store,
        version,
        {
            "title": "Följ trenden",
            "responsible": "Analytiker",
            "trends": [trend],
            "drivers": ["climate-change"],
            "activities": ["kronoberg-kickoff-2018"],
        },
    )
    assert list(plans.actions_serving(seeded_store, [trend], [], "sv")["title"]) == ["Följ trenden"]
    with seeded_store.transaction() as cursor:
        cursor.execute("UPDATE trends SET title_sv = 'Nytt namn' WHERE id = ?", [trend])
        cursor.execute("UPDATE drivers SET name_sv = 'Klimatet' WHERE id = 'climate-change'")
    row = plans.action_table(seeded_store, version, "sv").set_index("id").loc[action]
    assert "Nytt namn" in row["serves"] and "Klimatet" in row["serves"]
    with seeded_store.transaction() as cursor:
        cursor.execute("DELETE FROM trends WHERE id = ?", [trend])
        cursor.execute("DELETE FROM activities WHERE id = 'kronoberg-kickoff-2018'")
    stored = plans.actions(seeded_store, version).set_index("id").loc[action]
    assert list(stored["trends"]) == [trend] and list(stored["activities"]) == ["kronoberg-kickoff-2018"]
    row = plans.action_table(seeded_store, version, "en").set_index("id").loc[action]
    assert f"{trend} (removed)" in row["serves"] and "kronoberg-kickoff-2018 (removed)" in row["serves"]
    # The link is still followed from the other end, and carried into next year's version.
    assert list(plans.actions_serving(seeded_store, [trend], [], "sv")["title"]) == ["Följ trenden"]
    new = versions.revise(seeded_store, KRONOBERG)
    assert trend in list(plans.actions(seeded_store, new).set_index("title").loc["Följ trenden"]["trends"])


def test_backcast_from_a_quadrant_turns_milestones_into_actions(seeded_store: Store) -> None:
    cross = scenarios.create_cross(seeded_store, "Kronobergs kors")
    scenarios.set_quadrant(seeded_store, cross, "ne", "Grön tillväxt", "Hela länet har ställt om.")
    backcast = backcasting.create(
        seeded_store, KRONOBERG, "Grönt Kronoberg", "Alla resor är fossilfria.", 2025, 2040, cross_id=cross,
        quadrant="ne", workshop_id=7,
    )  # fmt: skip
    late = backcasting.add_milestone(seeded_store, backcast, 2035, "Tågen går varje halvtimme")
    early = backcasting.add_milestone(seeded_store, backcast, 2028, "Beslut om regional tågplan")
    with pytest.raises(ValidationError):
        backcasting.add_milestone(seeded_store, backcast, 2041, "Efter horisonten")
    made = backcasting.to_actions(
        seeded_store,
        early,
        [
            {"title": "Utreda tågplanen", "responsible": "Trafikstrateg", "start_year": 2025, "end_year": 2026},
            {"title": "Förankra med kommunerna", "responsible": "Regiondirektör", "start_year": 2026},
            {"title": "Ta beslut", "responsible": "Regionstyrelsens ordförande", "start_year": 2027},
        ],
        year=2018,
    )
    assert len(made) == 3
    shown = backcasting.get(seeded_store, backcast, "en")
    assert shown.future_picture == "Hela länet har ställt om."
    assert shown.origin == "Kronobergs kors: Grön tillväxt"
    assert [m.id for m in shown.milestones] == [late, early]
    assert len(shown.milestones[1].actions) == 3
    assert backcasting.for_quadrant(seeded_store, cross, "ne")[0][0] == backcast
    table = plans.action_table(seeded_store, "kronoberg-framsyn-2018", "en").set_index("title")
    assert table.loc["Utreda tågplanen", "milestone"] == "Beslut om regional tågplan"
    assert table.loc["Utreda tågplanen", "workshop"] == "7"
    new = versions.revise(seeded_store, KRONOBERG)
    carried = plans.actions(seeded_store, new)
    assert set(carried[carried["milestone_id"] == early]["title"]) == {
        "Utreda tågplanen",
        "Förankra med kommunerna",
        "Ta beslut",
    }
    # Deleting the cross leaves the backcast and its actions; it just names no origin any more.
    scenarios.delete_cross(seeded_store, cross)
    assert backcasting.get(seeded_store, backcast, "en").origin == ""
    with pytest.raises(NotFoundError):
        backcasting.create(seeded_store, KRONOBERG, "X", "Y", 2025, 2030, cross_id=cross, quadrant="ne")


def test_a_workshops_backcast_goes_into_its_own_plan_in_this_years_version(seeded_store: Store) -> None:
    ours = workshops.create_workshop(seeded_store, "Framsynsdag", "2026-09-14", organisation="region kronoberg")
    nobody = workshops.create_workshop(seeded_store, "Utan organisation", "2026-09-15")
    cross = scenarios.create_cross(seeded_store, "Kronoberg 2040")
    workshops.attach(seeded_store, ours, "crosses", [cross])
    lonely = scenarios.create_cross(seeded_store, "Eget kors")
    unplanned = scenarios.create_cross(seeded_store, "Utan plan")
    workshops.attach(seeded_store, nobody, "crosses", [unplanned])
    assert backcasting.plan_for_cross(seeded_store, cross) == KRONOBERG  # the workshop's organisation's plan
    assert backcasting.plan_for_cross(seeded_store, lonely) is None  # never the list's first plan
    assert backcasting.plan_for_cross(seeded_store, unplanned) is None

    backcast = backcasting.create(
        seeded_store, KRONOBERG, "Grönt", "Fossilfritt", 2026, 2040, cross_id=cross, quadrant="ne"
    )
    assert backcasting.get(seeded_store, backcast, "sv").workshop_id == ours  # from the cross, not typed
    milestone = backcasting.add_milestone(seeded_store, backcast, 2030, "Halvvägs")
    open_before = len(plans.actions(seeded_store, f"{KRONOBERG}-2018").query("status in ['planned', 'under_way']"))
    made = backcasting.to_actions(seeded_store, milestone, [{"title": "Starta", "responsible": "Strateg"}], 2026)
    assert made[0].endswith("-2026")
    plan = plans.get_plan(seeded_store, KRONOBERG)
    assert plan.versions[-1][1] == 2026 and len(plan.versions) == 2  # one version for this year, made once
    this_year = plans.actions(seeded_store, plan.version_id(2026))
    assert len(this_year) == open_before + 1 and "Starta" in set(this_year["title"])
    assert "Starta" not in set(plans.actions(seeded_store, f"{KRONOBERG}-2018")["title"])
    backcasting.to_actions(seeded_store, milestone, [{"title": "Följa upp", "responsible": "Strateg"}], 2026)
    assert len(plans.get_plan(seeded_store, KRONOBERG).versions) == 2

    # A plan the workshop already worked in comes before its organisation's other plans.
    other = plans.create_plan(seeded_store, "region-kronoberg", "Annan plan", "Mål", 2040, 2026)
    assert backcasting.workshop_plans(seeded_store, ours)[0] == KRONOBERG
    backcasting.create(seeded_store, other, "Annat", "S", 2026, 2040, workshop_id=nobody)
    assert backcasting.plan_for_cross(seeded_store, unplanned) == other


def test_vision_answers_side_by_side_per_group(seeded_store: Store) -> None:
    vision = "kungsbacka-invanardrivna"
    visions.answer(seeded_store, vision, "Förskola & grundskola", "succeeded", "Barnen formar sin skola.")
    visions.answer(seeded_store, vision, "Förskola & grundskola", "risks", "Färre barn i glesbygden.")
    frame = visions.side_by_side(seeded_store, vision, "en")
    assert list(frame.columns) == ["Question", "Hela kommunen", "Förskola & grundskola"]
    assert frame.iloc[2]["Förskola & grundskola"] == "Barnen formar sin skola."
    assert frame.iloc[1]["Förskola & grundskola"] == ""
    with pytest.raises(ValidationError):
        visions.answer(seeded_store, vision, "Grupp", "what", "Svar")
    assert set(visions.sheets(seeded_store, vision, "sv")) == {"Visionsarbete", "vision_answers"}


def test_plan_export_imports_back_unchanged(seeded_store: Store) -> None:
    new = versions.revise(seeded_store, KRONOBERG)
    plans.set_status(seeded_store, "kronoberg-a01-2019", "under_way")
    sheets = plans.plan_sheets(seeded_store, KRONOBERG)
    for table in ("plans", "plan_versions", "plan_goals", "plan_actions"):
        result = import_file(seeded_store, table, export.csv_bytes(sheets[table]), f"{table}.csv")
        assert (result.added, result.changed) == (0, 0)
    assert len(sheets["plan_actions"]) == 22 and new in set(sheets["plan_actions"]["version_id"])


def test_timeline_is_large_escaped_and_in_the_app_font(seeded_store: Store) -> None:
    from foresight.figures.plans import TimelineTexts, timeline

    backcast = backcasting.create(seeded_store, KRONOBERG, "B", "S", 2026, 2040)
    backcasting.add_milestone(seeded_store, backcast, 2030, "<b>Hälften</b> & mer")
    texts = TimelineTexts(today="I dag", horizon="Horisont", actions="{count} insatser")
    large = timeline(backcasting.get(seeded_store, backcast, "sv"), texts, large=True)
    sizes = [annotation.font.size for annotation in large.layout.annotations]
    assert len(sizes) == 3 and min(sizes) >= 32
    assert "Source Sans" in large.layout.font.family
    assert "&lt;b&gt;Hälften&lt;/b&gt; &amp; mer" in large.layout.annotations[0].text
    assert list(large.layout.xaxis.range) == [2026 - 1.12, 2040 + 1.12]


def test_a_typed_action_goes_through_the_one_text_policy(seeded_store: Store) -> None:
    version = _first_version(seeded_store)
    # A right-to-left override (U+202E), a C1 control and a decomposed "å" (a + U+030A), as pasted.
    typed = " Scen\u202earier\x9b i regionpla\u030an "
    added = plans.save_action(seeded_store, version, {"title": typed, "responsible": "Planeringschef\u2066"})
    title, responsible = seeded_store.rows("SELECT title, responsible FROM plan_actions WHERE id = ?", [added])[0]
    assert title == "Scenarier i regionplån"
    assert responsible == "Planeringschef"
