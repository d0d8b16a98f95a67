"""Workshops: what each workshop produced, its take-home report, what moved since last time, and the
participants' own drivers (the collection round).

The URL picks the view: `?workshop=N&view=record|compare|collect|new`; the comparison takes
`before=N&after=M` (two workshops) or `from=YYYY-MM-DD&to=YYYY-MM-DD` (two dates), and
`present=1` shows it alone for the projector.
"""

from datetime import date

import streamlit as st

from foresight.ui import workshop_views as parts
from foresight.ui.access import can_edit
from foresight.ui.layout import projector_mode
from foresight.ui.resources import store
from foresight.ui.state import language, note_bad_param, param_choice, param_int, set_params, show_bad_params_notice, tr
from foresight.workshops import workshops

workspace = store()
lang = language()
VIEWS = ("record", "compare", "collect", "new")
all_workshops = workshops.list_workshops(workspace)
known = [workshop.id for workshop in all_workshops]


def param_date(name: str) -> date | None:
    raw = st.query_params.get(name)
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        note_bad_param(name)
        return None


def param_workshop(name: str) -> int | None:
    chosen = param_int(name, 1, 2**31 - 1)
    if chosen is not None and chosen not in known:
        note_bad_param(name)
        return None
    return chosen


view = param_choice("view", VIEWS, "record" if all_workshops or not can_edit() else "new")
view = "record" if view == "new" and not can_edit() else view  # a viewer's link to the form: the record
chosen_id = param_workshop("workshop") or (known[0] if known else None)
before_id, after_id = param_workshop("before"), param_workshop("after")
dates = (param_date("from"), param_date("to"))
dates = dates if all(dates) else None
present = view == "compare" and param_choice("present", ["1"]) == "1" and (dates or (before_id and after_id))

if present:
    projector_mode()
    st.title(tr("compare.header"))
    parts.compare_view(workspace, all_workshops, before_id, after_id, dates, present=True)
    st.stop()

st.title(tr("nav.workshops"))
show_bad_params_notice()
st.caption(tr("workshops.intro"))
parts.show_outcome()
labels = {key: tr(f"workshops.tab_{key}") for key in VIEWS if key != "new" or can_edit()}
picked = st.segmented_control(tr("workshops.tab_label"), list(labels), default=view, format_func=labels.get)
if picked and picked != view:
    set_params({"view": picked})
    st.rerun()

if view == "new" and can_edit():
    parts.workshop_form(workspace, None)
elif view == "collect":
    parts.collect_view(workspace)
elif not all_workshops:
    st.info(tr("workshops.none"))
elif view == "compare":
    st.header(tr("compare.header"))
    mode = st.radio(
        tr("compare.by"),
        ["workshops", "dates"],
        index=1 if dates else 0,
        horizontal=True,
        format_func=lambda value: tr(f"compare.by_{value}"),
        key="compare-by",
    )
    if mode == "dates":
        # Since the last workshop before today, up to today; keyed, so a date typed in stays.
        last = workshops.last_held_before(all_workshops, date.today()) or all_workshops[-1]
        st.session_state.setdefault("compare-from", dates[0] if dates else last.held_on)
        st.session_state.setdefault("compare-to", dates[1] if dates else date.today())
        left, right = st.columns(2)
        start = left.date_input(tr("compare.before"), key="compare-from")
        end = right.date_input(tr("compare.after"), key="compare-to")
        set_params({"from": start.isoformat(), "to": end.isoformat(), "before": None, "after": None})
        parts.compare_view(workspace, all_workshops, None, None, (start, end), present=False)
    elif len(all_workshops) < 2:
        st.info(tr("compare.need_two"))
    else:
        after_id = after_id or all_workshops[0].id  # the latest workshop, against the one before it
        earlier = workshops.last_held_before(all_workshops[1:], min(date.today(), all_workshops[0].held_on))
        before_id = before_id or (earlier or all_workshops[1]).id
        before, after = parts.compare_pickers(all_workshops, before_id, after_id)
        set_params({"before": before, "after": after, "from": None, "to": None})
        parts.compare_view(workspace, all_workshops, before, after, None, present=False)
else:
    labels = {workshop.id: parts.label_of(workshop) for workshop in all_workshops}
    chosen = st.selectbox(tr("workshops.pick"), known, index=known.index(chosen_id), format_func=labels.get)
    set_params({"workshop": chosen})
    parts.record_view(workspace, workshops.get_workshop(workspace, chosen))
