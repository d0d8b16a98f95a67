"""The workshops page's parts: a workshop's record and report, the comparison, the collection wall.

Every control that changes the workspace is shown only when `access.can_edit()` allows it. User
text reaches the screen as text (dataframes, `st.text`) or through `html.escape` (the comparison
block and the report, built in `foresight.workshops.report`).
"""

from __future__ import annotations

import html
from datetime import date

import streamlit as st

from foresight import links
from foresight.figures.compare import slope_figure
from foresight.i18n import enum_label
from foresight.pages import VOTE, WORKSHOPS, page_url
from foresight.text import escape_markdown
from foresight.ui import actions, form_state
from foresight.ui.access import can_edit
from foresight.ui.resources import ballot_box
from foresight.ui.run_sheet_view import run_sheet_view
from foresight.ui.state import language, note_bad_param, param_int, set_params, tr
from foresight.ui.vote_shared import base_url
from foresight.vote import collection, voting
from foresight.workshops import comparison, report, workshops

OUTCOME = "workshops"  # where the page shows what the last change did


def run(action, *args, done: str = "workshops.saved", **kwargs) -> object:
    """A write of the workshops page, through the one action runner."""
    return actions.run_action(action, *args, done=done, where=OUTCOME, **kwargs)


def show_outcome() -> None:
    """The last action's error or confirmation, once."""
    actions.show_outcome(OUTCOME)


def label_of(workshop: workshops.Workshop) -> str:
    return f"{workshop.held_on.isoformat()} · {workshop.title}"


def workshop_filter(store, kind: str) -> set[str] | None:
    """A sidebar choice "show only from workshop" (URL `workshop=N`) for another page: the keys of
    that workshop's votes, crosses or notes, or None for everything."""
    found = workshops.list_workshops(store)
    if not found:
        return None
    options = [0, *(workshop.id for workshop in found)]
    labels = {0: tr("workshops.filter_all")} | {workshop.id: label_of(workshop) for workshop in found}
    chosen = param_int("workshop", 1, 2**31 - 1)
    if chosen is not None and chosen not in options:
        note_bad_param("workshop")
        chosen = None
    picked = st.sidebar.selectbox(
        tr("workshops.filter"), options, index=options.index(chosen or 0), format_func=labels.get
    )
    set_params({"workshop": picked or None})
    return set(workshops.workshop_ids_of(store, kind, picked)) if picked else None


# -- new / edit ------------------------------------------------------------------------------


def workshop_form(store, current: workshops.Workshop | None) -> None:
    """The fields of a workshop: a new one, or the chosen one to edit."""
    lang = language()
    key = f"workshop_form_{current.id if current else 'new'}"
    form_state.seed(key, lambda: (_workshop_values(current), None), list(_WORKSHOP_FIELDS), sep="_")
    with st.form(key):
        st.text_input(tr("workshops.field_title"), max_chars=120, key=f"{key}_title")
        st.date_input(tr("workshops.field_date"), key=f"{key}_date")
        st.text_input(tr("workshops.field_place"), max_chars=120, key=f"{key}_place")
        st.text_input(tr("workshops.field_organisation"), max_chars=120, key=f"{key}_organisation")
        st.text_area(tr("workshops.field_purpose"), max_chars=2000, key=f"{key}_purpose")
        st.number_input(
            tr("workshops.field_participants"),
            min_value=0,
            max_value=workshops.MAX_PARTICIPANTS,
            step=1,
            key=f"{key}_participants",
        )
        st.selectbox(
            tr("workshops.field_method"),
            workshops.METHODS,
            format_func=lambda value: enum_label("workshop_method", value, lang),
            key=f"{key}_method",
        )
        st.form_submit_button(
            tr("workshops.save" if current else "workshops.create"),
            type="primary",
            on_click=_save_workshop,
            args=(store, current.id if current else None, key),
        )
    show_outcome()


_WORKSHOP_FIELDS = ("title", "date", "place", "organisation", "purpose", "participants", "method")


def _workshop_values(current: workshops.Workshop | None) -> dict[str, object]:
    """The form's widget values: the stored workshop's, or a new one's (held today)."""
    if current is None:
        return dict(zip(_WORKSHOP_FIELDS, ("", date.today(), "", "", "", 0, workshops.METHODS[0]), strict=True))
    stored = (current.title, current.held_on, current.place, current.organisation, current.purpose)
    return dict(zip(_WORKSHOP_FIELDS, (*stored, current.participants or 0, current.method), strict=True))


def _save_workshop(store, workshop_id: int | None, key: str) -> None:
    value = st.session_state.get
    fields = {
        "place": value(f"{key}_place"),
        "organisation": value(f"{key}_organisation"),
        "purpose": value(f"{key}_purpose"),
        "participants": int(value(f"{key}_participants") or 0),
        "method": value(f"{key}_method"),
    }
    title, held_on = value(f"{key}_title"), value(f"{key}_date")
    if workshop_id is not None:
        run(workshops.update_workshop, store, workshop_id, title=title, held_on=held_on, **fields)
        return
    run(
        workshops.create_workshop,
        store,
        title,
        held_on,
        done="workshops.created",
        after=lambda created: (set_params({"workshop": created, "view": "record"}), form_state.forget(key)),
        **fields,
    )


# -- one workshop ----------------------------------------------------------------------------


def record_view(store, workshop: workshops.Workshop) -> None:
    lang = language()
    record = workshops.record(store, workshop.id, lang)
    st.header(escape_markdown(workshop.title))
    run_sheet_view(store, workshop)  # the day's steps, each started from here for this workshop
    st.caption(
        tr(
            "workshops.counts",
            votes=len({vote.code for vote in record.votes}),
            crosses=len(record.crosses),
            notes=len(record.notes),
            actions=len(record.actions),
        )
    )
    st.download_button(
        tr("workshops.download_report"),
        lambda: report.render(record, lang).encode("utf-8"),
        report.file_name(workshop),
        "text/html",
        on_click="ignore",
        icon=":material/download:",
        type="primary",
    )
    st.caption(tr("workshops.report_hint"))
    if workshop.purpose:
        st.subheader(tr("report.purpose"))
        st.text(workshop.purpose)
    for vote in record.votes:
        st.subheader(escape_markdown(vote.title))
        st.dataframe(
            {
                tr("report.col_rank"): [rank for rank, _, _ in vote.options],
                tr("report.col_driver"): [label for _, label, _ in vote.options],
                tr("report.col_dots"): [dots for _, _, dots in vote.options],
            },
            hide_index=True,
        )
    if can_edit():
        attach_view(store, workshop)
        with st.expander(tr("workshops.edit"), icon=":material/edit:"):
            workshop_form(store, workshop)


def attach_view(store, workshop: workshops.Workshop) -> None:
    """Pick which votes, crosses and notes belong to the workshop."""
    st.subheader(tr("workshops.attach_header"))
    choices = workshops.attachable(store, language())
    for kind, label_key in (
        ("votes", "workshops.attach_votes"),
        ("crosses", "workshops.attach_crosses"),
        ("notes", "workshops.attach_notes"),
    ):
        options = {key: label for key, label, owner in choices[kind] if owner in (None, workshop.id)}
        current = [key for key, _, owner in choices[kind] if owner == workshop.id]
        st.multiselect(
            tr(label_key),
            list(options),
            default=current,
            format_func=options.get,
            key=f"attach_{kind}_{workshop.id}",
            on_change=_attach,
            args=(store, workshop.id, kind, current),
        )


def _attach(store, workshop_id: int, kind: str, current: list[str]) -> None:
    chosen = st.session_state[f"attach_{kind}_{workshop_id}"]
    run(workshops.set_attached, store, workshop_id, kind, chosen, [key for key in current if key not in chosen])


# -- what moved ------------------------------------------------------------------------------


def compare_view(store, all_workshops: list[workshops.Workshop], before_id, after_id, dates, present: bool) -> None:
    """Two workshops (or two dates) side by side; on the projector, text of 34 px and nothing else."""
    lang = language()
    if dates is not None:
        before, after = comparison.date_side(dates[0]), comparison.date_side(dates[1])
    else:
        before, after = comparison.workshop_side(store, before_id), comparison.workshop_side(store, after_id)
    moved = comparison.compare(store, before, after, lang)
    if not present:
        query = {"view": "compare", "present": 1}
        query |= {"from": dates[0], "to": dates[1]} if dates else {"before": before_id, "after": after_id}
        st.link_button(tr("compare.present"), page_url(WORKSHOPS, **query), icon=":material/present_to_all:")
    font_px = 34 if present else 18
    heading = tr("compare.rankings")
    if present:  # the room reads it: the heading as large as the rest
        st.html(f'<h2 style="font-size: {round(font_px * 1.2)}px; margin: 0">{html.escape(heading)}</h2>')
    else:
        st.subheader(heading)
    rows = [(row.label, row.rank_before, row.rank_after) for row in moved.rankings]
    if rows:
        st.plotly_chart(
            slope_figure(rows, before.label, after.label, font_size=font_px),
            config={"displayModeBar": False, "staticPlot": True},
        )
        if not present:  # the chart's text alternative, for the desk
            summary = "; ".join(f"{label}: {old or '–'} → {new or '–'}" for label, old, new in rows)
            st.caption(escape_markdown(f"{tr('compare.rankings_figure')}: {summary}"))
    else:
        st.caption(tr("compare.no_rankings"))
    st.html(report.comparison_html(moved, lang, font_px=font_px))


def compare_pickers(all_workshops: list[workshops.Workshop], before_id, after_id) -> tuple[int, int]:
    labels = {workshop.id: label_of(workshop) for workshop in all_workshops}
    ids = [workshop.id for workshop in reversed(all_workshops)]  # oldest first
    left, right = st.columns(2)
    before = left.selectbox(
        tr("compare.before"), ids, index=ids.index(before_id) if before_id in ids else 0, format_func=labels.get
    )
    after = right.selectbox(
        tr("compare.after"), ids, index=ids.index(after_id) if after_id in ids else len(ids) - 1, format_func=labels.get
    )
    return before, after


# -- the collection round (facilitator) ------------------------------------------------------


def collect_view(store) -> None:
    """Open a vote's collection round, watch the cards arrive, merge, judge, and make the next round."""
    st.subheader(tr("collect.header"))
    st.caption(tr("collect.intro"))
    votes = voting.list_votes(store)
    if votes.empty:
        st.info(tr("vote.past_empty"))
        return
    titles = dict(zip(votes["code"], votes["title"], strict=True))
    wanted = voting.normalise_code(st.query_params.get("code"))  # from the workshop's run sheet
    code = st.selectbox(
        tr("collect.vote"),
        list(titles),
        index=list(titles).index(wanted) if wanted in titles else 0,
        format_func=lambda c: f"{titles[c]} ({c})",
    )
    # The owner runs every collection with no key (the vote's owner secret, given only after the check).
    secret = voting.owner_secret(store, code) if can_edit() else ""
    state = collection.get_collection(store, code)
    if secret:
        left, right = st.columns(2)
        per_phone = left.number_input(
            tr("collect.per_phone"), 1, collection.MAX_PER_PHONE, state.per_phone if state else 3
        )
        if state is None or not state.is_open:
            left.button(
                tr("collect.open"), on_click=run, args=(collection.open_collection, store, code, secret, per_phone)
            )
        else:
            right.button(tr("collect.close"), on_click=run, args=(collection.close_collection, store, code, secret))
    link = base_url() + links.collect_path(code, language())
    st.text_input(tr("collect.phone_link"), link, disabled=True)
    wall(store, code, secret)
    if not (can_edit() and secret):
        return
    _wall_controls(store, code, secret)


@st.fragment(run_every=3)
def wall(store, code: str, secret: str) -> None:
    """The cards as they arrive (refreshed every 3 s on the facilitator's screen only), with the
    merges that look obvious and "accept all" as one click each. The pickers for the other cases
    are outside this fragment: a list that redraws every 3 s would close under the pointer."""
    state = collection.get_collection(store, code)
    cards = collection.submissions(store, code)
    if state is None:
        st.caption(tr("collect.state_none"))
    else:
        st.caption(tr("collect.state_open" if state.is_open else "collect.state_closed", count=len(cards)))
    if not cards:
        st.caption(tr("collect.no_cards"))
        return
    st.dataframe(  # a grid shows participants' text as typed: no Markdown, no links, no images (st.table renders them)
        {
            tr("collect.col_text"): [card.text for card in cards],
            tr("collect.col_kind"): [tr(f"collect.kind_{card.kind}") for card in cards],
            tr("collect.col_status"): [tr(f"collect.status_{card.status}") for card in cards],
            tr("collect.col_duplicates"): [card.duplicates for card in cards],
        },
        hide_index=True,
        width="stretch",
    )
    if not (can_edit() and secret):
        return
    pairs = collection.similar_pairs(cards)
    if pairs:
        st.markdown(f"**{tr('collect.similar')}**")
    for keep, duplicate in pairs:
        st.button(
            tr("collect.merge_pair", keep=escape_markdown(keep.text), duplicate=escape_markdown(duplicate.text)),
            key=f"merge-pair-{keep.id}-{duplicate.id}",
            icon=":material/merge:",
            on_click=run,
            args=(collection.merge, store, code, secret, keep.id, [duplicate.id]),
        )
    new = sum(1 for card in cards if card.status == "new")
    if new:
        st.button(
            tr("collect.accept_new", count=new),
            key=f"accept-new-{code}",
            icon=":material/done_all:",
            on_click=run,
            args=(collection.accept_new, store, code, secret),
        )


def _wall_controls(store, code: str, secret: str) -> None:
    """One card at a time (accept, reject, merge by hand), then the hand-off to the vote."""
    cards = collection.submissions(store, code)
    texts = {card.id: f"{card.text} ({tr(f'collect.status_{card.status}')})" for card in cards}
    if texts:
        with st.container(border=True):
            st.caption(tr("collect.by_hand"))
            chosen = st.selectbox(tr("collect.pick"), list(texts), format_func=texts.get, key=f"pick_{code}")
            left, right = st.columns(2)
            left.button(
                tr("collect.accept"),
                on_click=run,
                args=(collection.set_status, store, code, secret, chosen, "accepted"),
            )
            right.button(
                tr("collect.reject"),
                on_click=run,
                args=(collection.set_status, store, code, secret, chosen, "rejected"),
            )
            others = st.multiselect(
                tr("collect.merge_others"),
                [key for key in texts if key != chosen],
                format_func=texts.get,
                key=f"merge_{code}",
                placeholder=tr("collect.merge_placeholder"),
            )
            st.button(tr("collect.merge"), on_click=run, args=(collection.merge, store, code, secret, chosen, others))
    st.button(
        tr("collect.to_round"),
        type="primary",
        on_click=run,
        args=(ballot_box().change_vote, code, secret, collection.accepted_to_next_round),
        kwargs={"done": "collect.to_round_done"},
    )
    show_outcome()
    vote = voting.get_vote(store, code)
    if vote.round > 1:  # the cards are options now: the vote is the next step
        st.page_link(
            VOTE.script,
            label=tr("workshops.do_vote_open"),
            icon=":material/how_to_vote:",
            query_params={"manage": code, "lang": language()},
        )
