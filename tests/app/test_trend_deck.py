"""A meeting's deck in AppTest: chosen by the secretary, opened by its link, crafted links refused
item by item, and a slide whose texts are too long for the screen shortened where they must be."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from foresight import trends
from foresight.store import Store
from foresight.ui.trend_views.state import MAX_DECK
from tests.app.conftest import all_text, open_parts, run_page
from tests.app.test_trends import PAGE, SEED_TRENDS, card_ids, param, writable  # noqa: F401 (a fixture)

MEGATRENDS = [row["id"] for row in SEED_TRENDS if row["level"] == "megatrend"]
LONG = "Kommunerna i Jämtland Härjedalen behöver fler händer i vården och skolan när befolkningen åldras. "


def deck_link(at) -> str:
    (code,) = [element for element in at.code if "deck=" in str(element.value)]
    return str(code.value)


def test_the_secretary_picks_the_deck_and_its_link_opens_exactly_that_deck(app) -> None:
    at = open_parts(app(PAGE, lang="en", level="megatrend"), "deck-chooser")
    assert not at.exception
    at.button(key="deck-take-filtered").click()
    at.run()
    filtered = list(at.multiselect(key="deck-pick").value)
    assert sorted(filtered) == sorted(MEGATRENDS)  # the filter's trends, as the page lists them
    chosen = ["mt-urbanisation", "mt-migration", "mt-health-challenges"]  # by hand, in the meeting's order
    at.multiselect(key="deck-pick").set_value(chosen)
    at.button(key="deck-use").click()
    at.run()
    assert param(at, "deck") == ",".join(chosen)
    assert set(card_ids(at)) == set(chosen)
    assert "**The meeting's deck** · 3 trends" in all_text(at)
    assert "**The trends named or numbered in the charts**" in all_text(at)  # the charts' numbers have their list

    link = urlsplit(deck_link(at))
    assert link.path == "/trends"
    query = {name: values[0] for name, values in parse_qs(link.query).items()}
    assert query == {"deck": ",".join(chosen), "present": chosen[0], "lang": "en"}

    opened = run_page(PAGE, **query)  # another computer opens the link: the deck's first slide
    assert not opened.exception
    assert "Megatrend 1 of 3" in all_text(opened)
    for position, expected in enumerate(chosen[1:], start=2):
        opened.button(key="slide-next").click()
        opened.run()
        assert param(opened, "present") == expected
        assert f"Megatrend {position} of 3" in all_text(opened)
    assert opened.button(key="slide-next").disabled  # the deck ends where the meeting's list ends

    at.button(key="deck-leave").click()
    at.run()
    assert param(at, "deck") is None and not [code for code in at.code if "deck=" in str(code.value)]


def test_the_selected_trends_go_into_the_deck(app) -> None:
    selected = ["mt-migration", "tr-cyber-threats"]
    at = open_parts(app(PAGE, lang="sv", sel=",".join(selected)), "deck-chooser")
    at.button(key="deck-take-selected").click()
    at.run()
    assert sorted(at.multiselect(key="deck-pick").value) == sorted(selected)
    at.button(key="deck-use").click()
    at.run()
    assert sorted(param(at, "deck").split(",")) == sorted(selected)
    assert "**Mötets bildspel** · 2 trender" in all_text(at)
    assert param(at, "sel") is None


def test_a_crafted_deck_link_keeps_the_known_trends_and_says_what_it_dropped(app) -> None:
    at = app(PAGE, lang="en", deck="mt-migration,nope,<script>alert(1)</script>,mt-urbanisation", present="nope")
    assert not at.exception
    warnings = " ".join(str(element.value) for element in at.warning)
    assert "trends in the meeting's deck that do not exist" in warnings
    assert "<script>" not in all_text(at)
    assert card_ids(at) == ["mt-migration", "mt-urbanisation"]
    assert "**The meeting's deck** · 2 trends" in all_text(at)

    unknown_only = app(PAGE, lang="en", deck="nope,,also-nope")
    assert not unknown_only.exception
    assert "trends in the meeting's deck that do not exist" in " ".join(str(w.value) for w in unknown_only.warning)
    assert f"{len(SEED_TRENDS)} of {len(SEED_TRENDS)} trends shown." in all_text(unknown_only)  # no deck at all

    too_many = [row["id"] for row in SEED_TRENDS][: MAX_DECK + 5]
    capped = app(PAGE, lang="en", deck=",".join(too_many))
    assert not capped.exception
    assert f"**The meeting's deck** · {MAX_DECK} trends" in all_text(capped)
    assert "trends in the meeting's deck that do not exist" in " ".join(str(w.value) for w in capped.warning)


def test_a_new_filter_ends_the_deck(app) -> None:
    at = app(PAGE, lang="en", deck="mt-migration,mt-urbanisation")
    at.sidebar.multiselect[0].set_value(["weak_signal"])
    next(button for button in at.button if button.label == "Apply").click()
    at.run()
    assert param(at, "deck") is None
    assert "The meeting's deck" not in all_text(at)
    assert set(card_ids(at)) <= {row["id"] for row in SEED_TRENDS if row["level"] == "weak_signal"}


def test_a_long_trend_keeps_its_scores_on_the_slide_and_shortens_its_texts(writable) -> None:  # noqa: F811
    from foresight.ui import resources

    at = writable(lang="en")  # opens the workspace; the trend is written through the same store
    store: Store = resources.store()
    trends.save_trend(
        store,
        {
            "id": "ws-long-text",
            "level": "weak_signal",
            "parent_id": "tr-circular-economy",
            "category": "values",
            "horizon": 2035,
            "impact": 4,
            "uncertainty": 2,
            "title_sv": "Lokala mathubbar växer",
            "title_en": "Local food hubs grow in the sparsely populated north",
            "description_sv": (LONG * 25)[:2000],
            "description_en": (LONG * 25)[:2000],
            "drivers": ["changing-values"],
            "source": "eu_megatrends_hub",
        },
        new=True,
    )
    trends.add_note(store, "ws-long-text", 1, (LONG * 25)[:2000])
    at = writable(lang="en", deck="ws-long-text,mt-migration", present="ws-long-text")
    assert not at.exception
    texts = [str(element.value) for element in at.markdown]
    assert any("**Impact** 4/5 · **Uncertainty** 2/5" in text for text in texts)
    description = next(text for text in texts if text.startswith("Kommunerna"))
    assert description.endswith("*(continued on the trend page)*") and len(description) < 700
    note = next(text for text in texts if text.startswith("**The group's note:**"))
    assert "Priority 1 – high" in note and len(note) < 250
    assert "Weak signal 1 of 2" in all_text(at)
