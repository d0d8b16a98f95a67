"""The room's screens: style and helpers shared by the projector views (vote screen, trend slides,
scenario cross presentation).

Designed for 1920×1080 read from ten metres: every text the audience reads is at least 32 px
there, in the app's own font (Streamlit's bundled "Source Sans"), and nothing the audience does
not need is drawn (sidebar, Streamlit's toolbar, export buttons, technical notes). The sizes are
fixed pixels, not viewport units: a 1280×720 projector then shows the same texts proportionally
larger, which the layouts below leave room for. The style sheets are static (no user text).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1", "[::1]", "0.0.0.0")
AUDIENCE_FONT_PX = 32  # the least size of any text the room must read, at 1080p

# Hides the sidebar, its open/close controls and Streamlit's toolbar: nothing to press on a projector.
# Sizes in vh follow the screen: 3vh is 32 px at 1080p and the same share of a 720p screen.
_ROOM_CSS = """<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stElementToolbar"], [data-testid="stMain"] [data-testid="stImageContainer"] button
  { display: none !important; }
header[data-testid="stHeader"] { height: 0 !important; min-height: 0 !important; background: transparent !important; }
[data-testid="stMainBlockContainer"] { padding: 1.5vh 2vw 0.5vh !important; max-width: 100% !important; }
[data-testid="stMain"] h1 { font-size: max(5.2vh, 28px) !important; line-height: 1.15 !important;
  padding: 0 0 0.5vh !important; }
.st-key-fs_room_text [data-testid="stText"], .st-key-fs_room_text p
  { font-size: max(3vh, 16px) !important; line-height: 1.3 !important; color: #111827 !important; }
.fs-sr-only { position: absolute !important; width: 1px !important; height: 1px !important; overflow: hidden !important;
  clip: rect(0 0 0 0); white-space: nowrap; margin: 0 !important; }
</style>"""

# The vote screen: the tally left, the QR code (≥ 40 % of the screen height) and the code right.
_VOTE_SCREEN_CSS = """<style>
.st-key-fs_screen_status [data-testid="stText"], .st-key-fs_screen_join [data-testid="stText"],
.st-key-fs_screen_status_hidden p, .st-key-fs_screen_voted p, .st-key-fs_screen_voted label,
.st-key-fs_screen_joined p, .st-key-fs_screen_joined label
  { font-size: max(3vh, 16px) !important; line-height: 1.25 !important; color: #111827 !important; }
.st-key-fs_screen_voted [data-testid="stMetricValue"] div, .st-key-fs_screen_voted [data-testid="stMetricValue"] p,
.st-key-fs_screen_joined [data-testid="stMetricValue"] div, .st-key-fs_screen_joined [data-testid="stMetricValue"] p
  { font-size: max(5.2vh, 28px) !important; line-height: 1.1 !important; }
.st-key-fs_screen_voted [data-testid="stMetric"], .st-key-fs_screen_joined [data-testid="stMetric"]
  { display: flex; gap: 0.6rem; align-items: baseline; }
.st-key-fs_screen_code p { font-size: max(6vh, 32px) !important; font-weight: 700; letter-spacing: 0.12em;
  line-height: 1.1 !important; margin: 0 !important; }
.st-key-fs_screen_join [data-testid="stText"] { overflow-wrap: anywhere; white-space: normal !important; }
.st-key-fs_screen_status [data-testid="stText"] { font-weight: 600; }
.st-key-fs_screen_qr img { height: 44vh !important; width: 44vh !important; max-width: 100%; object-fit: contain; }
.st-key-fs_screen_loopback p { font-size: max(2.2vh, 16px) !important; line-height: 1.25 !important; }
.fs-tally, .fs-tally-rows, .fs-tally-row, .fs-tally-label, .fs-tally-dots
  { font-size: var(--fs-tally-size, 3vh) !important; color: #111827; }
.fs-tally-rows { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6em;
  grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); }
.fs-tally-row { display: contents; }
.fs-tally-label { line-height: 1.2; text-align: right; overflow-wrap: anywhere; align-self: center; }
.fs-tally-track { display: flex; align-items: center; gap: 0.4em; min-width: 0; }
.fs-tally-bar { display: block; height: 1.3em; background: #0b4f8a; border-radius: 0.15em; flex: 0 0 auto;
  max-width: calc(100% - 3em); }
.fs-tally-dots { font-weight: 700; line-height: 1.2; }
</style>"""


# A trend slide: the text left, the trend's place on the matrix right. The previous/next/leave
# buttons are the presenter's: on a screen with a mouse they show only when pointed at (the arrow
# keys and Esc work anyway); on a touch screen, with no keys, they stay.
_SLIDE_CSS = """<style>
.st-key-framsyn-slide p, .st-key-framsyn-slide li, .st-key-framsyn-slide [data-testid="stCaptionContainer"] p
  { font-size: max(3vh, 16px) !important; line-height: 1.3 !important; color: #111827 !important; }
.st-key-framsyn-slide [data-testid="stCaptionContainer"] p { font-weight: 600; color: #374151 !important; }
.st-key-framsyn-slide h1 { font-size: max(5.2vh, 28px) !important; display: -webkit-box; -webkit-line-clamp: 3;
  -webkit-box-orient: vertical; overflow: hidden; }
.st-key-framsyn-slide-nav { position: fixed !important; right: 1.5vw; bottom: 1.5vh; width: auto !important;
  z-index: 5; }
@media (hover: hover) {
  .st-key-framsyn-slide-nav { opacity: 0; transition: opacity 0.2s; }
  .st-key-framsyn-slide-nav:hover, .st-key-framsyn-slide-nav:focus-within { opacity: 1; }
}
</style>"""


def room_style() -> None:
    """The projector look: no sidebar or toolbar, large titles."""
    st.html(_ROOM_CSS)


def slide_style() -> None:
    st.html(_SLIDE_CSS)  # after projector_mode(), which brings the room's style


def vote_screen_style() -> None:
    st.html(_ROOM_CSS + _VOTE_SCREEN_CSS)


def is_loopback(url: str) -> bool:
    """True when `url` points at this machine only (phones in the room cannot reach it)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


def spaced_code(code: str) -> str:
    """A join code in letters for reading aloud and typing: 'K7QW2P' -> 'K7Q W2P'."""
    middle = len(code) // 2
    return f"{code[:middle]} {code[middle:]}" if len(code) > 4 else code
