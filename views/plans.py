"""Action plans: a plan's goals and yearly versions, what changed between years, backcasting, vision work.

What the group is looking at lives in the URL (?plan, ?v, ?bc; ?cross&quadrant start a backcast
from a scenario; ?present=1 shows the backcast alone on the shared screen).
"""

import streamlit as st

from foresight.errors import ForesightError
from foresight.plans import plans
from foresight.ui import backcast_view, plans_view
from foresight.ui.errors import show_error
from foresight.ui.resources import store
from foresight.ui.state import language, param_choice, show_bad_params_notice, tr

lang = language()
workspace = store()

try:
    presenting = param_choice("present", ["1"]) == "1"
    backcast_ids = [key for key, _ in plans_view.backcast_ids(workspace)]
    presented = param_choice("bc", backcast_ids) if presenting else None
    if presented:
        backcast_view.presentation(workspace, presented, lang)
    else:
        st.title(tr("plans.title"))
        st.caption(tr("plans.intro"))
        plans_view.show_outcome()
        # From a quadrant: the cross's workshop's plan, or made / chosen here, never the list's first.
        plan_id = plans_view.choose_plan(workspace) if backcast_view.plan_from_cross(workspace) else None
        show_bad_params_notice()
        if plan_id:
            plan = plans.get_plan(workspace, plan_id)
            names = [tr(f"plans.tab_{key}") for key in ("plan", "changes", "backcast", "vision")]
            # A link from a quadrant (?cross) or to a backcast (?bc) opens on the backcasting tab.
            opened = names[2] if st.query_params.get("cross") or st.query_params.get("bc") else None
            # Only the open tab runs (on_change="rerun"): the page reruns on every click of a meeting.
            tabs = st.tabs(names, default=opened, key="plans-tabs", on_change="rerun")
            tab_plan, tab_changes, tab_backcast, tab_vision = tabs
            if tab_plan.open:
                with tab_plan:
                    plans_view.plan_header(plan)
                    version_id, year = plans_view.choose_version(plan)
                    plans_view.actions_table(workspace, version_id, year, lang)
                    plans_view.action_forms(workspace, plan, version_id, year, lang)
                    plans_view.downloads(workspace, plan)
            if tab_changes.open:
                with tab_changes:
                    plans_view.changes(workspace, plan, lang)
            if tab_backcast.open:
                with tab_backcast:
                    st.caption(tr("plans.backcast_intro"))
                    backcast_id = backcast_view.choose_backcast(workspace, plan.id)
                    if backcast_id:
                        backcast_view.backcast_detail(workspace, backcast_id, lang)
                    backcast_view.new_backcast_form(workspace, plan)
            if tab_vision.open:
                with tab_vision:
                    backcast_view.vision_work(workspace, lang)
        plans_view.new_plan_form(workspace)
except ForesightError as error:
    show_error(error)
