"""What every benchmark case gets: the temporary workspace, a median timer, ratios to a baseline.

Absolute milliseconds depend on the machine and on whatever else it is doing; a ratio to a
baseline taken minutes apart on the same machine does not (much).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from foresight.store import PROJECT_ROOT


@dataclass
class Result:
    ms: float
    ratio: float | None = None
    baseline: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "ms": round(self.ms, 3),
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "baseline": self.baseline,
            **self.extra,
        }


@dataclass
class BenchContext:
    folder: Path
    workspace: Path
    repeat: int
    results: dict[str, Result]
    wanted: set[str] | None = None

    def wants(self, *names: str) -> bool:
        """Whether any of these cases was asked for (all are, without --only)."""
        return self.wanted is None or any(name in self.wanted for name in names)

    @staticmethod
    def time_ms(action: Callable[[], object]) -> float:
        """Wall time of one call of `action` in milliseconds."""
        start = time.perf_counter()
        action()
        return (time.perf_counter() - start) * 1000

    def median_ms(self, action: Callable[[], object], repeat: int | None = None) -> float:
        """Median wall time of `action` in milliseconds, after one warm-up run."""
        action()
        samples = []
        for _ in range(repeat or self.repeat):
            start = time.perf_counter()
            action()
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples)

    def apptest_rerun_ms(
        self, script: str | None = None, page: str | None = None, prepare: Callable[[object], None] | None = None
    ) -> float:
        """Median rerun time of an AppTest: a script string, or a page of the app."""
        from streamlit.testing.v1 import AppTest

        if script is not None:
            at = AppTest.from_string(script, default_timeout=60)
            at.run()
        else:
            at = AppTest.from_file(str(PROJECT_ROOT / "frame.py"), default_timeout=60)
            at.run()
            if page and page != "views/home.py":
                at.switch_page(page)
                at.run()
        if prepare:
            prepare(at)
        if at.exception:
            raise RuntimeError(f"bench page failed: {at.exception}")
        return self.median_ms(at.run)

    def ratio_to(self, baseline: str, ms: float) -> Result:
        return Result(ms=ms, ratio=ms / self.results[baseline].ms, baseline=baseline)
