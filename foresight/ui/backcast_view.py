"""Streamlit parts of backcasting and vision work, and the small views other pages show of the chain."""

from __future__ import annotations

import streamlit as st

from foresight.data.export import xlsx_bytes
from foresight.data.tables import VISION_QUESTIONS
from foresight.errors import ForesightError
from foresight.figures.plans import TimelineTexts, timeline
from foresight.pages import PLANS, WORKSHOPS
from foresight.plans import backcasting, plans, visions
from foresight.scenarios import scenarios
from foresight.store import Store
from foresight.text import escape_markdown
from foresight.ui.access import can_edit
from foresight.ui.layout import lazy_expander, projector_mode
from foresight.ui.plans_view import ACTION_ROWS, XLSX, _run, _value, this_year
from foresight.ui.state import param_choice, param_int, param_text, set_params, tr
from foresight.workshops import workshops

STARTS = ("quadrant", "vision", "written")
SLIDE_STYLE = """<style>
.st-key-plans-slide h1 { font-size: 3.2rem !important; line-height: 1.15 !important; }
.st-key-plans-slide p { font-size: 2.1rem !important; line-height: 1.35 !important; }
.st-key-plans-slide [data-testid="stCaptionContainer"] p { font-size: 2rem !important; }
.st-key-plans-slide-nav button p { font-size: 1.6rem !important; }
</style>"""


def _texts() -> TimelineTexts:
    return TimelineTexts(today=tr("plans.today"), horizon=tr("plans.horizon_label"), actions=tr("plans.actions_count"))


def _quadrant_choices(store: Store) -> dict[str, str]:
    """'cross:quadrant' -> 'Cross: scenario name' for every quadrant of every cross."""
    choices = {}
    for cross_id, _ in scenarios.list_crosses(store):
        cross = scenarios.get_cross(store, cross_id)
        for quadrant in cross.quadrants:
            name = quadrant.name or tr(f"scenarios.quadrant.{quadrant.key}")
            choices[f"{cross_id}:{quadrant.key}"] = f"{cross.name}: {name}"
    return choices


def choose_backcast(store: Store, plan_id: str) -> str | None:
    listed = dict(backcasting.backcast_list(store, plan_id))
    if not listed:
        st.caption(tr("plans.no_backcasts"))
        return None
    wanted = param_choice("bc", list(listed)) or next(iter(listed))
    chosen = st.selectbox(
        tr("plans.backcast_choose"), list(listed), index=list(listed).index(wanted), format_func=listed.get
    )
    if chosen != wanted:
        set_params({"bc": chosen})
    return chosen


def backcast_detail(store: Store, backcast_id: str, lang: str) -> None:
    backcast = backcasting.get(store, backcast_id, lang)
    st.subheader(escape_markdown(backcast.title), anchor=False)
    if backcast.origin:
        st.caption(tr("plans.origin", origin=escape_markdown(backcast.origin)))
    if backcast.workshop_id:
        try:
            held = workshops.get_workshop(store, backcast.workshop_id).title
        except ForesightError:
            held = str(backcast.workshop_id)  # a deleted workshop: its number is all there is
        st.page_link(
            WORKSHOPS.script,
            label=tr("plans.from_workshop", title=escape_markdown(held)),
            icon=":material/groups:",
            query_params={"workshop": str(backcast.workshop_id), "lang": lang},
        )
    if backcast.future_picture:
        st.markdown(f"**{tr('plans.future_picture')}:** {escape_markdown(backcast.future_picture)}")
    st.markdown(f"**{tr('plans.success')}** {escape_markdown(backcast.success)}")
    st.plotly_chart(timeline(backcast, _texts()), key=f"plans-timeline-{backcast_id}", config={"displaylogo": False})
    st.page_link(
        PLANS.script,
        label=tr("plans.present"),
        icon=":material/slideshow:",
        query_params={"plan": backcast.plan_id, "bc": backcast_id, "present": "1", "lang": lang},
    )
    st.markdown(f"**{tr('plans.milestones')}**")
    if not backcast.milestones:
        st.caption(tr("plans.no_milestones"))
    for milestone in backcast.milestones:
        made = "".join(
            f"\n    - {escape_markdown(title)} ({escape_markdown(who)}, {status})"
            for title, who, status in milestone.actions
        )
        st.markdown(f"- **{milestone.year}** {escape_markdown(milestone.title)}{made}")
    if can_edit():
        _milestone_forms(backcast)


def _milestone_forms(backcast: backcasting.Backcast) -> None:
    with st.form(f"plans-milestone-{backcast.id}", clear_on_submit=True):
        st.markdown(f"**{tr('plans.add_milestone')}**")
        columns = st.columns([1, 3])
        columns[0].number_input(
            tr("plans.milestone_year"),
            backcast.start_year,
            backcast.horizon,
            value=backcast.milestones[-1].year - 1 if backcast.milestones else backcast.horizon,
            key="pm-year",
        )
        columns[1].text_input(tr("plans.milestone_title"), key="pm-title", max_chars=400)
        st.form_submit_button(
            tr("plans.add"),
            on_click=lambda: _run(backcasting.add_milestone, backcast.id, _value("pm-year"), _value("pm-title")),
        )
    if not backcast.milestones:
        return
    titles = {milestone.id: f"{milestone.year}: {milestone.title}" for milestone in backcast.milestones}
    with st.form(f"plans-to-actions-{backcast.id}", clear_on_submit=True):
        st.markdown(f"**{tr('plans.to_actions')}**")
        st.selectbox(tr("plans.milestone"), list(titles), format_func=titles.get, key="pa-milestone")
        for n in range(1, ACTION_ROWS + 1):
            columns = st.columns([3, 2, 1, 1])
            columns[0].text_input(tr("plans.action_n", n=n), key=f"pa-{n}-title", max_chars=400)
            columns[1].text_input(tr("plans.field.responsible"), key=f"pa-{n}-who", max_chars=200)
            columns[2].number_input(tr("plans.field.start_year"), 1950, 2100, value=None, key=f"pa-{n}-start")
            columns[3].number_input(tr("plans.field.end_year"), 1950, 2100, value=None, key=f"pa-{n}-end")
        st.form_submit_button(tr("plans.make_actions"), type="primary", on_click=_make_actions)


def _make_actions() -> None:
    rows = [
        {
            "title": _value(f"pa-{n}-title"),
            "responsible": _value(f"pa-{n}-who"),
            "start_year": _value(f"pa-{n}-start"),
            "end_year": _value(f"pa-{n}-end"),
        }
        for n in range(1, ACTION_ROWS + 1)
    ]
    filled = [row for row in rows if (row["title"] or "").strip() or (row["responsible"] or "").strip()]

    def make(store: Store, milestone: object) -> list[str]:
        if not filled:
            raise ForesightError("plans.none_filled")
        return backcasting.to_actions(store, milestone, filled, this_year())

    _run(
        make,
        _value("pa-milestone"),
        done=lambda made: tr("plans.actions_made", count=len(made), year=made[0].rsplit("-", 1)[-1]),
    )


def new_backcast_form(store: Store, plan: plans.Plan) -> None:
    """Start a backcast from a quadrant (?cross=&quadrant= preselects it), a vision or a typed picture."""
    if not can_edit():
        return
    cross_id, quadrant = param_int("cross", 1, 2**31 - 1), param_choice("quadrant", scenarios.QUADRANTS)
    opened = cross_id is not None
    if (
        box := lazy_expander(
            tr("plans.new_backcast"), icon=":material/history:", expanded=opened, key="plans-new-backcast-open"
        )
    ) is not None:
        with box:
            start = st.radio(
                tr("plans.start_from"),
                STARTS,
                format_func={key: tr(f"plans.start.{key}") for key in STARTS}.get,
                horizontal=True,
                key="nb-start",
            )
            if start == "quadrant":
                choices = _quadrant_choices(store)
                if not choices:
                    st.caption(tr("plans.no_crosses"))
                preselected = f"{cross_id}:{quadrant}"
                st.selectbox(
                    tr("plans.quadrant"),
                    list(choices),
                    index=list(choices).index(preselected) if preselected in choices else 0,
                    format_func=choices.get,
                    key="nb-quadrant",
                )
            elif start == "vision":
                listed = dict(visions.vision_list(store))
                st.selectbox(tr("plans.vision"), list(listed), format_func=listed.get, key="nb-vision")
            else:
                st.text_area(tr("plans.future_picture"), key="nb-picture", height=100)
            st.text_input(tr("plans.backcast_title"), key="nb-title", max_chars=200, value=param_text("title"))
            st.text_area(tr("plans.success"), key="nb-success", height=100)
            columns = st.columns(2)  # the workshop comes with the quadrant's cross: nothing to type
            columns[0].number_input(tr("plans.start_year"), 1950, 2100, value=this_year(), key="nb-from")
            columns[1].number_input(
                tr("plans.horizon"), 1950, 2100, value=max(plan.horizon or 0, this_year() + 10), key="nb-horizon"
            )
            st.button(tr("plans.create_backcast"), type="primary", on_click=_create_backcast, args=(plan.id,))


def _create_backcast(plan_id: str) -> None:
    start = _value("nb-start")
    chosen = str(_value("nb-quadrant") or ":") if start == "quadrant" else ":"
    cross_text, quadrant = chosen.split(":", 1)
    _run(
        backcasting.create,
        plan_id,
        _value("nb-title"),
        _value("nb-success"),
        _value("nb-from"),
        _value("nb-horizon"),
        cross_id=int(cross_text) if cross_text else None,
        quadrant=quadrant or None,
        vision_id=_value("nb-vision") if start == "vision" else None,
        future_picture=(_value("nb-picture") or "") if start == "written" else "",
        after=lambda backcast_id: set_params({"bc": backcast_id, "cross": None, "quadrant": None}),
    )


def presentation(store: Store, backcast_id: str, lang: str) -> None:
    """The backcast on the shared screen: the success picture and the timeline, nothing else."""
    projector_mode()
    st.html(SLIDE_STYLE)
    backcast = backcasting.get(store, backcast_id, lang)
    with st.container(key="plans-slide", gap="small"):
        if backcast.origin:
            st.caption(escape_markdown(backcast.origin))
        st.title(escape_markdown(backcast.title), anchor=False)
        st.markdown(f"**{tr('plans.success')}** {escape_markdown(backcast.success)}")
        st.plotly_chart(
            timeline(backcast, _texts(), large=True),
            key="plans-timeline-present",
            config={"displayModeBar": False, "staticPlot": True},
        )
    with st.container(key="plans-slide-nav", horizontal=True):
        st.button(
            tr("plans.present_exit"),
            key="plans-slide-exit",
            icon=":material/close:",
            shortcut="Esc",
            on_click=set_params,
            args=({"present": None},),
        )


# -- vision work -------------------------------------------------------------------------------


def vision_work(store: Store, lang: str) -> None:
    st.caption(tr("plans.vision_intro"))
    listed = dict(visions.vision_list(store))
    if listed:
        chosen = st.selectbox(tr("plans.vision_choose"), list(listed), format_func=listed.get, key="pv-vision")
        title, text = visions.picture(store, chosen)
        st.subheader(escape_markdown(title), anchor=False)
        st.markdown(escape_markdown(text))
        frame = visions.side_by_side(store, chosen, lang)
        if len(frame.columns) > 1:
            st.dataframe(frame, hide_index=True, width="stretch", key="plans-vision-answers")
            st.download_button(
                tr("plans.export_vision"),
                data=lambda: xlsx_bytes(visions.sheets(store, chosen, lang)),
                file_name=f"{chosen}.xlsx",
                mime=XLSX,
                on_click="ignore",
                key="plans-export-vision",
            )
        else:
            st.caption(tr("plans.no_answers"))
        if can_edit():
            with st.form("plans-answer", clear_on_submit=True):
                st.markdown(f"**{tr('plans.answer_form')}**")
                st.text_input(tr("plans.group"), key="pv-group", max_chars=120)
                st.selectbox(
                    tr("plans.question"),
                    VISION_QUESTIONS,
                    format_func={key: tr(f"vision_question.{key}") for key in VISION_QUESTIONS}.get,
                    key="pv-question",
                )
                st.text_area(tr("plans.answer"), key="pv-answer", height=100)
                st.form_submit_button(
                    tr("plans.add"),
                    on_click=lambda: _run(
                        visions.answer, chosen, _value("pv-group"), _value("pv-question"), _value("pv-answer")
                    ),
                )
    else:
        st.caption(tr("plans.no_visions"))
    if can_edit():
        names = dict(plans.organisations(store))
        if (
            box := lazy_expander(tr("plans.new_vision"), icon=":material/add:", key="plans-new-vision-open")
        ) is not None:
            with box:
                with st.form("plans-new-vision", border=False):
                    st.selectbox(tr("plans.organisation"), list(names), format_func=names.get, key="nv-org")
                    st.text_input(tr("plans.vision_title"), key="nv-title", max_chars=200)
                    st.text_area(tr("plans.vision_text"), key="nv-text", height=100)
                    st.form_submit_button(
                        tr("plans.add"),
                        on_click=lambda: _run(visions.create, _value("nv-org"), _value("nv-title"), _value("nv-text")),
                    )


# -- the chain, shown on other pages ------------------------------------------------------------


def serving_actions(store: Store, lang: str, *, trend_id: str | None = None, driver_ids: list[str] = ()) -> None:
    """Actions in the plans' latest versions that serve this trend (or its drivers), or these drivers."""
    drivers = [*driver_ids, *(plans.trend_drivers(store, trend_id) if trend_id else [])]
    frame = plans.actions_serving(store, [trend_id] if trend_id else [], drivers, lang)
    st.subheader(tr("plans.serving"), anchor=False)
    if frame.empty:
        st.caption(tr("plans.serving_none"))
        return
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={
            "plan": st.column_config.TextColumn(tr("plans.col_plan")),
            "year": st.column_config.NumberColumn(tr("plans.col_year"), format="%d"),
            "title": st.column_config.TextColumn(tr("plans.col_title")),
            "responsible": st.column_config.TextColumn(tr("plans.col_responsible")),
            "status": st.column_config.TextColumn(tr("plans.col_status")),
        },
    )


def plan_from_cross(store: Store) -> bool:
    """Arriving from a quadrant (?cross, no ?plan): open the cross's workshop's plan. When it has
    none, offer to make it here or to pick a plan on purpose, and return False (no plan is taken
    by default: the first in the list is another organisation's)."""
    cross_id = param_int("cross", 1, 2**31 - 1)
    if cross_id is None or st.query_params.get("plan"):
        return True
    try:
        target = backcasting.plan_for_cross(store, cross_id)
        cross = scenarios.get_cross(store, cross_id)
    except ForesightError:
        return True  # an unknown cross: the page's usual notice and chooser
    if target:
        set_params({"plan": target})
        return True
    workshop = workshops.get_workshop(store, cross.workshop_id) if cross.workshop_id is not None else None
    st.info(tr("plans.workshop_no_plan" if workshop else "plans.cross_no_plan"), icon=":material/flag:")
    if can_edit():
        names = dict(plans.organisations(store))
        wanted = [
            key for key, name in names.items() if workshop and name.casefold() == workshop.organisation.casefold()
        ]
        with st.form("plans-workshop-plan"):
            st.selectbox(
                tr("plans.organisation"),
                list(names),
                index=list(names).index(wanted[0]) if wanted else None,
                format_func=names.get,
                key="wp-org",
            )
            st.text_input(tr("plans.plan_title"), value=workshop.title if workshop else cross.name, key="wp-title")
            quadrant = param_choice("quadrant", scenarios.QUADRANTS)
            picture = cross.quadrant(quadrant).name if quadrant else ""  # the scenario the room chose
            # Never empty (a plan needs a goal): the purpose, the scenario, else what the day was called.
            goal = (workshop.purpose if workshop else "") or picture or (workshop.title if workshop else cross.name)
            st.text_area(tr("plans.plan_goal"), value=goal, key="wp-goal", height=80)
            st.number_input(tr("plans.plan_horizon"), 1950, 2100, value=this_year() + 15, key="wp-horizon")
            st.form_submit_button(tr("plans.create"), type="primary", on_click=_create_workshop_plan)
    listed = dict(plans.plan_list(store))
    st.selectbox(
        tr("plans.choose_existing"),
        list(listed),
        index=None,
        format_func=listed.get,
        key="wp-existing",
        on_change=lambda: set_params({"plan": st.session_state["wp-existing"]}),
    )
    return False


def _create_workshop_plan() -> None:
    _run(
        plans.create_plan,
        _value("wp-org"),
        _value("wp-title"),
        _value("wp-goal"),
        _value("wp-horizon"),
        this_year(),
        after=lambda plan_id: set_params({"plan": plan_id, "v": None, "bc": None}),
    )


def quadrant_backcasts(store: Store, cross_id: int, quadrant: str, lang: str) -> None:
    """Under a quadrant of a cross: the backcasts built on it, and a link to start one."""
    # page_link keeps the visitor in this tab and session (a Markdown link would open a new one).
    for backcast_id, title, plan_id, plan_title in backcasting.for_quadrant(store, cross_id, quadrant):
        st.page_link(
            PLANS.script,
            label=f"{escape_markdown(title)} · {escape_markdown(plan_title)}",
            icon=":material/history:",
            query_params={"plan": plan_id, "bc": backcast_id, "lang": lang},
        )
    target = backcasting.plan_for_cross(store, cross_id)  # the workshop's plan; else chosen on the plans page
    st.page_link(
        PLANS.script,
        label=tr("plans.backcast_here"),
        icon=":material/add:",
        query_params={"cross": str(cross_id), "quadrant": quadrant, "lang": lang}
        | ({"plan": target} if target else {}),
    )
