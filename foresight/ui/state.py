"""Session and URL state in one place: the language, and helpers for query-parameter filters.

Pages never read `st.query_params` or `st.session_state` directly for shared state; they go
through here, so a shared link always carries the language and values in the URL are validated
before use (a crafted link gets a notice, never an exception).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import streamlit as st

from foresight.i18n import DEFAULT_LANGUAGE, LANGUAGES, has, normalise_language, t
from foresight.ui.streamlit_words import streamlit_words

LANG_PARAM = "lang"
_LANG_KEY = "framsyn_lang"
_BAD_PARAMS_KEY = "framsyn_bad_params"


def language() -> str:
    """The current language: from the URL first, then the session, else Swedish."""
    from_url = st.query_params.get(LANG_PARAM)
    if from_url in LANGUAGES:
        st.session_state[_LANG_KEY] = from_url
    elif from_url is not None:
        note_bad_param(LANG_PARAM)
    return normalise_language(st.session_state.get(_LANG_KEY, DEFAULT_LANGUAGE))


def keep_language_in_url() -> None:
    """Write the language back to the URL: page switches drop query parameters."""
    lang = language()
    if lang == DEFAULT_LANGUAGE:
        if LANG_PARAM in st.query_params:
            del st.query_params[LANG_PARAM]
    elif st.query_params.get(LANG_PARAM) != lang:
        st.query_params[LANG_PARAM] = lang


def tr(key: str, /, **params: object) -> str:
    """Translate `key` into the current language."""
    return t(key, language(), **params)


def language_switch() -> None:
    """A labelled Svenska/English control; the choice goes to the session and the URL."""

    def _changed() -> None:
        st.session_state[_LANG_KEY] = st.session_state["framsyn_lang_switch"]
        chosen = st.session_state[_LANG_KEY]
        if chosen == DEFAULT_LANGUAGE:
            st.query_params.pop(LANG_PARAM, None)
        else:
            st.query_params[LANG_PARAM] = chosen

    current = language()
    streamlit_words(current)  # Streamlit's own English in the chosen language, once per run
    st.session_state["framsyn_lang_switch"] = current
    st.radio(
        tr("app.language"),
        options=list(LANGUAGES),
        format_func={"sv": "Svenska", "en": "English"}.get,
        key="framsyn_lang_switch",
        horizontal=True,
        on_change=_changed,
    )


def note_bad_param(name: str) -> None:
    """Remember that a URL parameter was invalid, so the page can say so once."""
    st.session_state.setdefault(_BAD_PARAMS_KEY, set()).add(name)


def show_bad_params_notice() -> None:
    """Tell the user which link values were ignored (then forget them)."""
    bad = st.session_state.pop(_BAD_PARAMS_KEY, None)
    if bad:
        lang = language()
        # Said in words: a participant on a phone does not know what "join" or "p" means.
        names = dict.fromkeys(t(f"link.{name}" if has(f"link.{name}") else "link.other", lang) for name in sorted(bad))
        st.warning(tr("error.bad_link", names=", ".join(names)), icon=":material/link_off:")


def param_choice(name: str, choices: Sequence[str], default: str | None = None) -> str | None:
    """A single query parameter restricted to `choices`; anything else is noted and dropped."""
    value = st.query_params.get(name)
    if value is None:
        return default
    if value in choices:
        return value
    note_bad_param(name)
    return default


def param_choices(name: str, choices: Iterable[str]) -> list[str]:
    """A comma-separated query parameter restricted to `choices` (unknown items are dropped)."""
    raw = st.query_params.get(name)
    if not raw:
        return []
    allowed = set(choices)
    items = [item for item in raw.split(",") if item]
    if any(item not in allowed for item in items):
        note_bad_param(name)
    return [item for item in dict.fromkeys(items) if item in allowed]


def param_int(name: str, low: int, high: int, default: int | None = None) -> int | None:
    """An integer query parameter within [low, high]."""
    raw = st.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        note_bad_param(name)
        return default
    if not low <= value <= high:
        note_bad_param(name)
        return default
    return value


def param_text(name: str, max_length: int = 200) -> str:
    """A free-text query parameter, trimmed and capped."""
    raw = st.query_params.get(name) or ""
    if len(raw) > max_length:
        note_bad_param(name)
    return raw[:max_length].strip()


def set_params(values: dict[str, object]) -> None:
    """Write filter values to the URL; empty values remove their parameter."""
    for name, value in values.items():
        if value in (None, "", [], ()):
            st.query_params.pop(name, None)
            continue
        text = ",".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        if st.query_params.get(name) != text:
            st.query_params[name] = text
