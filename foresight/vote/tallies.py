"""A live vote's tally as each app process keeps it in memory (`foresight.vote.ballot_box`).

Each participant's latest ballot of the current round, and the dots and supporters per option
summed from them. A ballot replaces the participant's earlier one only if its revision is newer:
ballots reach a process from its own writer, from other processes' batches and from a full
re-read after a lost connection, in any order and possibly twice, and the tally must only ever
move forward.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from foresight.vote.voting import Vote


@dataclass
class LiveVote:
    """One vote as the hall sees it: its definition, its secret's hash, and its current round's ballots."""

    vote: Vote
    secret_hash: str
    changes: int = 0  # the workspace's count of status, visibility, round and option changes
    ballots: dict[str, tuple[int, dict[int, int]]] = field(default_factory=dict)  # participant -> (rev, dots)
    dots: dict[int, int] = field(default_factory=dict)  # position -> dots in the current round
    supporters: dict[int, int] = field(default_factory=dict)  # position -> participants who gave it a dot

    def apply(self, participant: str, revision: int, allocation: dict[int, int]) -> None:
        """Count this ballot instead of the participant's earlier one; an older or repeated revision changes nothing."""
        previous = self.ballots.get(participant)
        if previous is not None:
            if previous[0] >= revision:
                return
            for position, count in previous[1].items():
                self.dots[position] -= count
                self.supporters[position] -= 1
        for position, count in allocation.items():
            self.dots[position] = self.dots.get(position, 0) + count
            self.supporters[position] = self.supporters.get(position, 0) + 1
        self.ballots[participant] = (revision, dict(allocation))

    def clear(self) -> None:
        self.ballots.clear()
        self.dots.clear()
        self.supporters.clear()


@dataclass(frozen=True)
class LiveTally:
    """A consistent snapshot of one vote: definition, how many voted, dots and supporters per position."""

    vote: Vote
    participants: int
    dots: dict[int, int]
    supporters: dict[int, int]
    changes: int

    def frame(self, lang: str) -> pd.DataFrame:
        """The tally as `voting.tally` returns it: rank, position, label, driver_id, dots, participants."""
        rows = [
            (
                option.position,
                option.label(lang),
                option.driver_id,
                self.dots.get(option.position, 0),
                self.supporters.get(option.position, 0),
            )
            for option in self.vote.options
        ]
        rows.sort(key=lambda row: (-row[3], row[0]))
        result = pd.DataFrame(rows, columns=["position", "label", "driver_id", "dots", "participants"])
        result = result.astype({"position": "int64", "dots": "int32", "participants": "int32"})
        result.insert(0, "rank", range(1, len(result) + 1))
        return result
