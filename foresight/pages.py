"""The app's pages, listed once: the frame's navigation, the home page, the tests, the benchmark
and every link the app builds read this registry.

Plain data (no Streamlit): `foresight.ui.navigation` turns it into `st.Page` objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class PageSpec:
    key: str  # also the i18n keys nav.<key> (title) and home.<key> (what the page is for)
    script: str  # path of the page script, relative to the project root
    url_path: str  # the address: /<url_path>
    icon: str  # a Material Symbol shipped with Streamlit's frontend (no CDN)


HOME = PageSpec("home", "views/home.py", "home", ":material/home:")
TRENDS = PageSpec("trends", "views/trends.py", "trends", ":material/trending_up:")
MAP = PageSpec("map", "views/map.py", "map", ":material/map:")
VOTE = PageSpec("vote", "views/vote.py", "vote", ":material/how_to_vote:")
SCENARIOS = PageSpec("scenarios", "views/scenarios.py", "scenarios", ":material/grid_view:")
WORKSHOPS = PageSpec("workshops", "views/workshops.py", "workshops", ":material/groups:")
DATA = PageSpec("data", "views/data.py", "data", ":material/table_view:")

PAGES: tuple[PageSpec, ...] = (HOME, TRENDS, MAP, VOTE, SCENARIOS, WORKSHOPS, DATA)


def page_url(page: PageSpec, **params: object) -> str:
    """A relative link to `page` with query parameters (None values left out), e.g. 'scenarios?cross=2'."""
    query = urlencode({name: str(value) for name, value in params.items() if value is not None})
    return f"{page.url_path}?{query}" if query else page.url_path
