"""Every control that changes the workspace is refused on the server when a viewer sends its event.

A page draws owner-only controls only for owners, but a hidden widget is not a lock: a stale tab,
a demoted account or a crafted session can still send the widget's event. Here each view is
opened as an owner, every control the owner has and a viewer has not is found, the account is
demoted to viewer, and the control's event is sent: the action runner (foresight.ui.actions)
must refuse it, and no table of the workspace may change.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from streamlit.testing.v1 import AppTest

from foresight import access
from foresight.plans import backcasting
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.vote import voting
from foresight.workshops import workshops
from foresight.workspace import build_fixture_workspace, shared_store
from tests.app.conftest import ROOT, open_parts
from tests.support.ballots import open_vote
from tests.support.fingerprint import table_fingerprints

OWNER = {"is_logged_in": True, "email": "analys@region-kronoberg.se", "sub": "analys"}
VIEWER = {"is_logged_in": True, "email": "ledning@regionskane.se", "sub": "ledning"}

# Owner-only buttons that change nothing stored: they open a form, close it, read again, or sign out.
NOT_WRITES = {"trend-new", "detail-edit", "Avbryt", "Uppdatera", "signout_oidc"}


@dataclass(frozen=True)
class View:
    """A page as an owner opens it: query parameters, and buttons pressed first to open a form."""

    page: str
    query: dict[str, str] = field(default_factory=dict)
    opened_by: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()  # lazily built expanders to open (their keys)
    tab: tuple[str, str] | None = None  # lazily built tabs: (their key, the tab to show)

    def __str__(self) -> str:
        return f"{self.page}?{'&'.join(f'{k}={v}' for k, v in self.query.items())} {' '.join(self.opened_by)}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A seeded workspace with an owner and a viewer account, a vote, a cross, a workshop and a backcast."""
    path = tmp_path_factory.mktemp("refusals") / "refusals.duckdb"
    with build_fixture_workspace(path) as store:
        access.set_passphrase(store, "owner", "Kronoberg framsyn 2050")
        access.add_member(store, OWNER["email"], "owner")
        access.add_member(store, VIEWER["email"], "viewer")
        cross_id = scenarios.create_cross(store, "Skåne 2040")
        scenarios.add_note(store, cross_id, "En lapp")
        vote = open_vote(store, "Drivkrafter", [voting.OptionInput(label="Klimat"), voting.OptionInput(label="Tillit")])
        workshop = workshops.create_workshop(store, "Ledningsgrupp", "2026-03-02")
        backcast = backcasting.create(store, "kronoberg-framsyn", "Baklänges", "Lyckat", 2026, 2040)
        backcasting.add_milestone(store, backcast, 2030, "Halvvägs")
    previous = os.environ.get("FRAMSYN_DB")
    os.environ["FRAMSYN_DB"] = str(path)
    try:
        yield {"path": path, "cross": cross_id, "vote": vote, "workshop": workshop, "backcast": backcast}
    finally:
        if previous is None:
            os.environ.pop("FRAMSYN_DB", None)
        else:
            os.environ["FRAMSYN_DB"] = previous


def views(workspace: dict[str, object]) -> list[View]:
    vote = workspace["vote"]
    return [
        View("views/data.py"),
        View("views/trends.py", {"trend": "mt-migration"}),
        View("views/trends.py", {"trend": "mt-migration"}, ("trend-new",)),
        View("views/map.py"),
        View("views/vote.py"),
        View("views/vote.py", {"manage": vote.code, "key": vote.secret}),
        View("views/vote.py", {"manage": vote.code}),
        View("views/workshops.py", {"view": "collect"}),
        View("views/scenarios.py", {"cross": str(workspace["cross"])}),
        View("views/plans.py", {"plan": "kronoberg-framsyn"}, parts=PLAN_FORMS),
        View(
            "views/plans.py",
            {"plan": "kronoberg-framsyn", "bc": str(workspace["backcast"])},
            parts=("plans-new-backcast-open",),
        ),
        View("views/plans.py", {"plan": "kronoberg-framsyn"}, parts=("plans-new-vision-open",), tab=VISION_TAB),
        View("views/workshops.py", {"workshop": str(workspace["workshop"]), "view": "record"}),
        View("views/workshops.py", {"view": "new"}),
        View("views/access.py"),
    ]


PLAN_FORMS = ("plans-add-goal-open", "plans-add-action-open", "plans-edit-action-open", "plans-new-plan-open")
VISION_TAB = ("plans-tabs", "Visionsarbete")


def store() -> Store:
    return shared_store()


def fingerprint() -> dict[str, str]:
    """Every stored table's rows, hashed: what a refused write must leave exactly as it was."""
    skipped = ("schema_migrations", "access_sessions", "access_members")  # the test demotes through these
    return table_fingerprints(store(), [table for table in store().table_names() if table not in skipped])


def open_view(view: View, user: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "frame.py"), default_timeout=60)
    at.user = dict(user)
    for name, value in view.query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(view.page)
    at.run()
    for key in view.opened_by:
        at.button(key=key).click().run()
    if view.parts or view.tab:
        open_parts(at, *view.parts, tab=view.tab)
    assert not at.exception, at.exception
    return at


def button_names(at: AppTest) -> list[str]:
    """Each button's key, else its label, numbered when a label repeats (plans has several 'Add')."""
    names, seen = [], {}
    for button in at.button:
        base = button.key or button.label
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return names


def owner_only_buttons(view: View) -> tuple[AppTest, list[str]]:
    """The view opened by an owner, and the names of its buttons that a viewer is not shown."""
    at = open_view(view, OWNER)
    owner = zip(button_names(at), at.button, strict=True)
    viewer_view = View(view.page, view.query, tab=view.tab)  # the viewer has no button to open a form with
    viewer = set(button_names(open_view(viewer_view, VIEWER))) if view.page != "views/access.py" else set()
    names = [name for name, button in owner if name not in viewer and {button.key, button.label}.isdisjoint(NOT_WRITES)]
    return at, names


def refusals(at: AppTest) -> int:
    return int(at.session_state["framsyn_refused_writes"]) if "framsyn_refused_writes" in at.session_state else 0


PARTS = 5  # the views in five tests, so the fast tier's workers share them


@pytest.mark.parametrize("part", range(PARTS))
def test_every_owner_only_button_is_refused_for_a_viewer(workspace, part: int) -> None:
    checked: list[str] = []
    for view in views(workspace)[part::PARTS]:
        at, buttons = owner_only_buttons(view)
        # The views hold the app's writes: a view that lost its controls would make this test vacuous.
        assert buttons, f"{view}: no owner-only button"
        expected = button_names(at)
        for name in buttons:
            if button_names(at) != expected:  # the last forged event left the page elsewhere: open it again
                at = open_view(view, OWNER)
            target = at.button[button_names(at).index(name)]
            # A disabled button (delete before its confirmation) is forged too: Streamlit discards the
            # event of a disabled widget on the server, so nothing may change, refusal or not.
            disabled, target.proto.disabled = target.disabled, False
            before, refused_before = fingerprint(), refusals(at)
            access.add_member(store(), OWNER["email"], "viewer")  # demoted while the page is open
            try:
                target.click().run()
            finally:
                access.add_member(store(), OWNER["email"], "owner")
            if not disabled:
                assert refusals(at) == refused_before + 1, f"{view}: {name} was not refused"
                assert any("Inget har sparats" in toast.value for toast in at.toast), (
                    f"{view}: {name}: no refusal shown"
                )
            assert fingerprint() == before, f"{view}: {name} changed the workspace"
            checked.append(f"{view}: {name}")
            at.run()  # as the owner again: the same page, so the next button needs no fresh session
    assert len(checked) >= 4, checked  # each part holds four or more today (25 and more in all)


@pytest.mark.parametrize(
    ("view_of", "widget"),
    [
        (lambda ws: View("views/vote.py", {"manage": ws["vote"].code, "key": ws["vote"].secret}), "toggle"),
        (lambda ws: View("views/access.py"), "toggle"),
        (lambda ws: View("views/workshops.py", {"workshop": str(ws["workshop"]), "view": "record"}), "multiselect"),
    ],
)
def test_owner_only_switches_are_refused_for_a_viewer(workspace, view_of, widget: str) -> None:
    """Toggles and pickers that write on change (results shown, viewers' notes, a workshop's votes)."""
    at = open_view(view_of(workspace), OWNER)
    before = fingerprint()
    access.add_member(store(), OWNER["email"], "viewer")
    try:
        control = getattr(at, widget)[0]
        if widget == "toggle":
            control.set_value(not control.value)
        else:
            control.set_value([workspace["vote"].code])  # the vote joins the workshop
        at.run()
    finally:
        access.add_member(store(), OWNER["email"], "owner")
    assert refusals(at) == 1
    assert fingerprint() == before


def test_fingerprint_sees_a_write(workspace) -> None:
    """The check above can fail: a write through the same runner as an owner changes the fingerprint."""
    at = open_view(View("views/scenarios.py", {"cross": str(workspace["cross"])}), OWNER)
    before = fingerprint()
    at.text_input(key=f"rename_name_{workspace['cross']}").set_value("Skåne 2045")
    next(button for button in at.button if button.label == "Spara").click().run()
    assert refusals(at) == 0 and fingerprint() != before
    scenarios.rename_cross(store(), workspace["cross"], "Skåne 2040")
