"""Vision work as Kungsbacka did it: a shared future picture, and three questions answered per group.

Kungsbacka asked which risks it faces, which opportunities it has to act, and what it looks like
when it has succeeded, then asked each department to write its own story. The answers are kept
one row per group and question, and read side by side: a question per row, a group per column.
"""

from __future__ import annotations

import pandas as pd

from foresight.data.loading import upsert_records
from foresight.data.tables import TABLES, VISION_QUESTIONS
from foresight.i18n import t
from foresight.plans.plans import new_id, slug, validated
from foresight.store import Store


def vision_list(store: Store) -> list[tuple[str, str]]:
    """Every vision as (id, 'organisation: title')."""
    return [
        (key, f"{org}: {title}")
        for key, title, org in store.rows(
            "SELECT v.id, v.title, coalesce(o.name, v.organisation_id) FROM visions v"
            " LEFT JOIN organisations o ON o.id = v.organisation_id ORDER BY 3, 2"
        )
    ]


def picture(store: Store, vision_id: str) -> tuple[str, str]:
    """The vision's title and its future picture."""
    found = store.rows("SELECT title, picture FROM visions WHERE id = ?", [vision_id])
    return found[0] if found else ("", "")


def create(store: Store, organisation_id: str, title: str, text: str) -> str:
    vision_id = new_id(store, "visions", slug(f"{organisation_id}-{title}", 60))
    record = validated(
        store, "visions", {"id": vision_id, "organisation_id": organisation_id, "title": title, "picture": text}
    )
    upsert_records(store, "visions", [record])
    return vision_id


def answer(store: Store, vision_id: str, group: str, question: str, text: str) -> str:
    """Add one group's answer to one of the three questions."""
    answer_id = new_id(store, "vision_answers", f"{vision_id[:40]}-{slug(str(group), 20)}-{slug(str(question), 14)}")
    record = validated(
        store,
        "vision_answers",
        {"id": answer_id, "vision_id": vision_id, "group_name": group, "question": question, "answer": text},
    )
    upsert_records(store, "vision_answers", [record])
    return answer_id


def side_by_side(store: Store, vision_id: str, lang: str) -> pd.DataFrame:
    """The answers with a row per question and a column per group (several answers joined)."""
    rows = store.rows(
        "SELECT group_name, question, string_agg(answer, '\n' ORDER BY id) FROM vision_answers"
        " WHERE vision_id = ? GROUP BY group_name, question ORDER BY min(id)",
        [vision_id],
    )
    groups = list(dict.fromkeys(group for group, _, _ in rows))
    cells = {(group, question): text for group, question, text in rows}
    question_label = t("plans.vision_question", lang)
    return pd.DataFrame(
        [
            {
                question_label: t(f"vision_question.{question}", lang),
                **{g: cells.get((g, question), "") for g in groups},
            }
            for question in VISION_QUESTIONS
        ]
    )


def sheets(store: Store, vision_id: str, lang: str) -> dict[str, pd.DataFrame]:
    """The answers side by side, and as rows in the import layout."""
    columns = ", ".join(TABLES["vision_answers"].column_names)
    rows = store.query(f"SELECT {columns} FROM vision_answers WHERE vision_id = ? ORDER BY id", [vision_id])
    return {t("plans.tab_vision", lang): side_by_side(store, vision_id, lang), "vision_answers": rows}
