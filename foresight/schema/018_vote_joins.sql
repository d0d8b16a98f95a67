-- One browser, one voice (issue 23). A vote expects a number of participants (set by the
-- facilitator; NULL means the default in `foresight.vote.joins`). Every participant token is
-- issued through `vote_joins`: one row per vote, locked while a batch of joins is admitted, so
-- the count and the slow lane beyond the expected size hold across app processes (server mode).
ALTER TABLE votes ADD COLUMN expected_participants INTEGER;
CREATE TABLE vote_joins (
    code VARCHAR PRIMARY KEY,
    joined INTEGER NOT NULL,
    spare DOUBLE PRECISION NOT NULL,
    spare_at TIMESTAMP NOT NULL,
    refused INTEGER NOT NULL
);
