"""The take-home report: one self-contained HTML file per workshop, in Swedish or English.

Everything is inside the file: styles in a <style> element, figures as inline SVG
(`foresight.figures.report`), no script, no font, no image fetched, so it opens offline on any
laptop and prints to A4 from the browser (@media print keeps each figure and table on one page).
Every stored text passes through `html.escape`; the page has one h1, headings in order, tables
with header cells, and a figure's facts are also in the table beside it, so it reads aloud too.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from foresight.figures import report as figures
from foresight.i18n import enum_label, t
from foresight.scenarios.scenarios import quadrant_of
from foresight.store import Store
from foresight.workshops import comparison, workshops

STYLE = """
:root { color: #1b1b1b; background: #ffffff; font-family: system-ui, "Segoe UI", Arial, sans-serif; }
body { max-width: 52rem; margin: 0 auto; padding: 1.5rem; line-height: 1.45; font-size: 1rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.35rem; border-bottom: 2px solid #1f5f8b; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
h4 { font-size: 1rem; margin: 0.6rem 0 0.2rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0.6rem 0 1rem; }
th, td { border: 1px solid #9a9a9a; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #e8eef3; }
td.number, th.number { text-align: right; }
figure { margin: 0.8rem 0; }
figure svg { width: 100%; height: auto; max-height: 16cm; }
figure.cross svg { max-width: 14cm; }
.quadrants { display: grid; grid-template-columns: 1fr 1fr; gap: 0.6rem 1.2rem; }
.quadrants section { border: 1px solid #9a9a9a; padding: 0.4rem 0.7rem; }
.empty, .meta { color: #4a4a4a; }
p.text, .quadrants p { white-space: pre-wrap; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  figure, table, .quadrants section, dl.facts { break-inside: avoid; }
  section.vote, section.cross { break-inside: auto; }
}
"""


def _text(value: object) -> str:
    return escape("" if value is None else str(value))


def _table(headers: list[str], rows: list[list[object]], numeric: set[int] = frozenset(), caption: str = "") -> str:
    head = "".join(
        f'<th scope="col"{" class=number" if index in numeric else ""}>{_text(header)}</th>'
        for index, header in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=number' if index in numeric else ''}>{_text(cell)}</td>" for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    caption_html = f"<caption>{_text(caption)}</caption>" if caption else ""
    return f"<table>{caption_html}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _votes(record: workshops.WorkshopRecord, lang: str) -> str:
    if not record.votes:
        return f'<p class="empty">{_text(t("report.no_votes", lang))}</p>'
    parts = []
    rounds = {code: sum(1 for vote in record.votes if vote.code == code) for code in {v.code for v in record.votes}}
    for index, vote in enumerate(record.votes, 1):
        rows = [(label, dots) for _, label, dots in vote.options]
        heading = (
            t("report.vote_round", lang, title=vote.title, round=vote.round) if rounds[vote.code] > 1 else vote.title
        )
        summary = "; ".join(f"{label}: {dots}" for label, dots in rows)
        figure = figures.vote_bars(
            f"vote-{index}", t("report.vote_figure", lang, title=vote.title), rows, summary or vote.title
        )
        parts.append(
            f'<section class="vote"><h3>{_text(heading)}</h3>'
            f'<p class="meta">{_text(t("report.vote_meta", lang, code=vote.code, participants=vote.participants, round=vote.round))}</p>'  # noqa: E501
            f"<figure>{figure}</figure>"
            + _table(
                [t("report.col_rank", lang), t("report.col_driver", lang), t("report.col_dots", lang)],
                [[rank, label, dots] for rank, label, dots in vote.options],
                numeric={0, 2},
                caption=t("report.vote_table", lang, title=vote.title),
            )
            + "</section>"
        )
    return "".join(parts)


def _crosses(record: workshops.WorkshopRecord, lang: str) -> str:
    if not record.crosses:
        return f'<p class="empty">{_text(t("report.no_crosses", lang))}</p>'
    parts = []
    for index, item in enumerate(record.crosses, 1):
        cross = item.cross
        placed = [card for card in item.cards if card.placed]
        numbered = [(number, card.label, card.x, card.y) for number, card in enumerate(placed, 1)]
        names = {quadrant.key: quadrant.name for quadrant in cross.quadrants}
        axes = ((cross.x.label, cross.x.low, cross.x.high), (cross.y.label, cross.y.low, cross.y.high))
        description = t("report.cross_desc", lang, x=cross.x.label or "–", y=cross.y.label or "–", count=len(placed))
        figure = figures.scenario_cross(
            f"cross-{index}", t("report.cross_figure", lang, name=cross.name), axes, names, numbered, description
        )
        quadrants = "".join(
            f"<section><h4>{_text(t(f'scenarios.quadrant.{q.key}', lang))}: {_text(q.name or '–')}</h4>"
            f"<p>{_text(q.narrative) if q.narrative else '<span class=empty>–</span>'}</p></section>"
            for q in cross.quadrants
        )
        card_rows = [
            [number, label, t(f"scenarios.quadrant.{quadrant_of(x, y)}", lang)] for number, label, x, y in numbered
        ]
        parts.append(
            f'<section class="cross"><h3>{_text(cross.name)}</h3>'
            f'<p class="meta">{_text(t("report.axes", lang, x=cross.x.label or "–", y=cross.y.label or "–"))}</p>'
            f'<figure class="cross">{figure}</figure>'
            f'<div class="quadrants">{quadrants}</div>'
            + (
                _table(
                    [t("report.col_number", lang), t("report.col_card", lang), t("report.col_quadrant", lang)],
                    card_rows,
                    numeric={0},
                    caption=t("report.cards_table", lang, name=cross.name),
                )
                if card_rows
                else f'<p class="empty">{_text(t("report.no_cards", lang))}</p>'
            )
            + "</section>"
        )
    return "".join(parts)


def _notes(record: workshops.WorkshopRecord, lang: str) -> str:
    if not record.notes:
        return f'<p class="empty">{_text(t("report.no_notes", lang))}</p>'
    return _table(
        [t("report.col_trend", lang), t("report.col_priority", lang), t("report.col_note", lang)],
        [[note.title, t(f"report.priority_{note.priority}", lang), note.comment] for note in record.notes],
    )


def _actions(record: workshops.WorkshopRecord, lang: str) -> str:
    if not record.actions:
        return f'<p class="empty">{_text(t("report.no_actions", lang))}</p>'
    return _table(
        [t("report.col_action", lang), t("report.col_responsible", lang), t("report.col_status", lang)],
        [[action.title, action.responsible, action.status] for action in record.actions],
    )


def _postcards(record: workshops.WorkshopRecord, lang: str) -> str:
    if not record.postcards:
        return f'<p class="empty">{_text(t("report.no_postcards", lang))}</p>'
    return _table(
        [
            t("collect.col_text", lang),
            t("collect.col_kind", lang),
            t("collect.col_status", lang),
            t("report.col_merged", lang),
        ],
        [
            [
                card.text,
                t(f"collect.kind_{card.kind}", lang),
                t(f"collect.status_{card.status}", lang),
                "; ".join(card.merged) or "–",
            ]
            for card in record.postcards
        ],
        caption=t("report.postcards_table", lang),
    )


def _backcasts(record: workshops.WorkshopRecord, lang: str) -> str:
    if not record.backcasts:
        return f'<p class="empty">{_text(t("report.no_backcasts", lang))}</p>'
    parts = []
    for backcast in record.backcasts:
        origin = (
            f'<p class="meta">{_text(t("plans.origin", lang, origin=backcast.origin))}</p>' if backcast.origin else ""
        )
        picture = f'<p class="text">{_text(backcast.future_picture)}</p>' if backcast.future_picture else ""
        # The timeline from the horizon back to today, as a table (it reads aloud and prints).
        rows = [[backcast.horizon, t("plans.success", lang) + " " + backcast.success, ""]]
        rows += [
            [
                milestone.year,
                milestone.title,
                "; ".join(f"{title} ({who})" for title, who, _ in milestone.actions) or "–",
            ]
            for milestone in backcast.milestones
        ]
        rows.append([backcast.start_year, t("plans.today", lang), ""])
        timeline = _table(
            [t("report.col_year", lang), t("report.col_milestone", lang), t("report.col_action", lang)],
            rows,
            numeric={0},
            caption=t("report.timeline_table", lang, title=backcast.title),
        )
        parts.append(f'<section class="backcast"><h3>{_text(backcast.title)}</h3>{origin}{picture}{timeline}</section>')
    return "".join(parts)


def render(record: workshops.WorkshopRecord, lang: str, generated_at: datetime | None = None) -> str:
    """The report of one workshop as one HTML document."""
    workshop = record.workshop
    made = (generated_at or datetime.now()).strftime("%Y-%m-%d %H:%M")
    facts = [
        (t("workshops.field_date", lang), workshop.held_on.isoformat()),
        (t("workshops.field_place", lang), workshop.place or "–"),
        (t("workshops.field_organisation", lang), workshop.organisation or "–"),
        (t("workshops.field_participants", lang), "–" if workshop.participants is None else workshop.participants),
        (t("workshops.field_method", lang), enum_label("workshop_method", workshop.method, lang)),
    ]
    facts_html = "".join(f"<dt>{_text(name)}</dt><dd>{_text(value)}</dd>" for name, value in facts)
    purpose = (
        f'<p class="text">{_text(workshop.purpose)}</p>'
        if workshop.purpose
        else f'<p class="empty">{_text(t("report.no_purpose", lang))}</p>'
    )
    title = t("report.title", lang, title=workshop.title)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_text(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{_text(title)}</h1>"
        f'<p class="meta">{_text(t("report.generated", lang, at=made))}</p></header><main>'
        f'<dl class="facts">{facts_html}</dl>'
        f"<section><h2>{_text(t('report.purpose', lang))}</h2>{purpose}</section>"
        f"<section><h2>{_text(t('report.postcards', lang))}</h2>{_postcards(record, lang)}</section>"
        f"<section><h2>{_text(t('report.votes', lang))}</h2>{_votes(record, lang)}</section>"
        f"<section><h2>{_text(t('report.crosses', lang))}</h2>{_crosses(record, lang)}</section>"
        f"<section><h2>{_text(t('report.backcasts', lang))}</h2>{_backcasts(record, lang)}</section>"
        f"<section><h2>{_text(t('report.notes', lang))}</h2>{_notes(record, lang)}</section>"
        f"<section><h2>{_text(t('report.actions', lang))}</h2>{_actions(record, lang)}</section>"
        f"<section><h2>{_text(t('report.method', lang))}</h2>"
        f"<p>{_text(t(f'report.method_{workshop.method}', lang))}</p>"
        f"<p>{_text(t('report.method_tools', lang))}</p></section>"
        "</main></body></html>"
    )


def workshop_report(store: Store, workshop_id: int, lang: str) -> str:
    """Read one workshop's record and render its report."""
    return render(workshops.record(store, workshop_id, lang), lang)


def file_name(workshop: workshops.Workshop) -> str:
    """A safe download name: workshop-<id>-<date>.html (never built from user text)."""
    return f"workshop-{workshop.id}-{workshop.held_on.isoformat()}.html"


# -- the comparison view (what moved), as one block of HTML for the page and the projector ---


def comparison_html(moved: comparison.Comparison, lang: str, *, font_px: int = 18) -> str:
    """What moved, as escaped HTML lists (the slope chart of the rankings is `figures.compare`).

    `font_px` is the base size: the projector view passes 34 so that text reads from the back of a
    room at 1920×1080."""

    def listing(title_key: str, lines: list[str]) -> str:
        items = "".join(f"<li>{_text(line)}</li>" for line in lines) or f"<li>{_text(t('compare.nothing', lang))}</li>"
        return f"<section><h3>{_text(t(title_key, lang))}</h3><ul>{items}</ul></section>"

    def mark(value: tuple[bool, int, str] | None) -> str:
        if value is None:
            return t("compare.none_mark", lang)
        return f"{t(f'report.priority_{value[1]}', lang)}: {value[2]}"

    def quadrant(key: str) -> str:
        return t(f"scenarios.quadrant.{key}", lang) if key else t("compare.tray", lang)

    moves = (
        [
            t("compare.places_up", lang, label=row.label, n=row.change, before=row.rank_before, after=row.rank_after)
            for row in moved.risers
        ]
        + [
            t("compare.places_down", lang, label=row.label, n=-row.change, before=row.rank_before, after=row.rank_after)
            for row in moved.fallers
        ]
        + [t("compare.new_entry", lang, label=row.label, after=row.rank_after) for row in moved.rankings if row.is_new]
    )
    scores = [
        t(
            "compare.score_line",
            lang,
            title=change.title,
            ib=change.impact[0] if change.impact[0] is not None else "–",
            ia=change.impact[1],
            ub=change.uncertainty[0] if change.uncertainty[0] is not None else "–",
            ua=change.uncertainty[1],
        )
        for change in moved.scores
    ]
    notes = [
        t("compare.note_line", lang, title=note.title, before=mark(note.before), after=mark(note.after))
        for note in moved.notes
    ]
    cards = [
        t(
            "compare.card_line",
            lang,
            label=card.label,
            cross=card.cross_name,
            before=quadrant(card.quadrant_before),
            after=quadrant(card.quadrant_after),
        )
        for card in moved.cards
    ]
    actions = [
        t(
            "compare.action_line",
            lang,
            title=change.title,
            before=change.status_before or "–",
            after=change.status_after,
        )
        for change in moved.actions
    ]
    style = (
        f".framsyn-compare {{ font-size: {font_px}px; line-height: 1.3; color: #1b1b1b; }}"
        f" .framsyn-compare h3 {{ font-size: {round(font_px * 1.15)}px; margin: 0.6em 0 0.2em; }}"
        " .framsyn-compare ul { margin: 0; padding-left: 1.2em; }"
        f" .framsyn-compare ul li {{ font-size: {font_px}px !important; line-height: 1.3; }}"
        " .framsyn-compare .changes { display: grid; grid-template-columns: repeat(auto-fit, minmax(18em, 1fr));"
        " gap: 0 2em; }"
    )
    return (
        f'<style>{style}</style><div class="framsyn-compare">'
        '<div class="changes">'
        + listing("compare.moves", moves)
        + listing("compare.cards", cards)
        + listing("compare.scores", scores)
        + listing("compare.notes", notes)
        + listing("compare.actions", actions)
        + "</div></div>"
    )
