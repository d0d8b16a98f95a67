"""The passphrase sign-in and sign-out forms as static HTML: drawn by the Streamlit pages (st.html)
and by the sign-in route after a wrong passphrase (foresight.web.signin), posting to that route.

Plain markup with every value escaped; no Streamlit and no route code here, so both sides draw
the same form without importing each other.
"""

from __future__ import annotations

import html

from foresight import access
from foresight.i18n import normalise_language, t
from foresight.links import SIGNIN_PATH, SIGNOUT_PATH, next_path

FORM_STYLE = """<style>
.fs-signin label { display: block; font-weight: 600; margin: .6rem 0 .3rem; }
.fs-signin input[type=password] { width: 100%; max-width: 24rem; box-sizing: border-box; padding: .55rem;
  font-size: 1rem; border: 1px solid #6b7280; border-radius: .5rem; }
.fs-signin button { margin-top: .8rem; padding: .5rem 1rem; font-size: 1rem; background: #0b4f8a; color: #fff;
  border: 0; border-radius: .5rem; cursor: pointer; }
.fs-signin button.fs-secondary { background: #fff; color: #0b4f8a; border: 1px solid #0b4f8a; margin-top: .2rem; }
</style>"""


def signin_form_html(lang: str, target: str, token: str) -> str:
    """The passphrase form (static markup; every value escaped), posting to SIGNIN_PATH.

    Field names must not be DOM property names (st.html's sanitiser drops name="lang").
    """
    return f"""<form class="fs-signin" method="post" action="{SIGNIN_PATH}">
<input type="hidden" name="form" value="{html.escape(token)}">
<input type="hidden" name="ui_lang" value="{html.escape(normalise_language(lang))}">
<input type="hidden" name="next" value="{html.escape(next_path(target))}">
<label for="fs-passphrase">{html.escape(t("access.passphrase", lang))}</label>
<input id="fs-passphrase" name="passphrase" type="password" autocomplete="current-password" required
 maxlength="{access.MAX_PASSPHRASE}">
<div><button type="submit">{html.escape(t("access.passphrase_button", lang))}</button></div>
</form>"""


def signout_form_html(lang: str, token: str) -> str:
    """A sign-out button: a POST with the browser's form token, so another site cannot sign anyone out."""
    return f"""<form class="fs-signin" method="post" action="{SIGNOUT_PATH}">
<input type="hidden" name="form" value="{html.escape(token)}">
<input type="hidden" name="ui_lang" value="{html.escape(normalise_language(lang))}">
<button class="fs-secondary" type="submit">{html.escape(t("access.signout", lang))}</button>
</form>"""
