-- Workshops: the day a group met (date, place, organisation, purpose, how many took part). Votes,
-- scenario crosses and trend notes made for a workshop carry its id (NULL: made outside one), so
-- one workshop's report shows its own work and nothing of another's.
CREATE SEQUENCE workshop_ids START 1;
CREATE TABLE workshops (
    id INTEGER PRIMARY KEY,
    title VARCHAR NOT NULL,
    held_on DATE NOT NULL,
    place VARCHAR NOT NULL DEFAULT '',
    organisation VARCHAR NOT NULL DEFAULT '',
    purpose VARCHAR NOT NULL DEFAULT '',
    participants INTEGER,
    method VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
ALTER TABLE votes ADD COLUMN workshop_id INTEGER;
ALTER TABLE scenario_crosses ADD COLUMN workshop_id INTEGER;
ALTER TABLE trend_notes ADD COLUMN workshop_id INTEGER;
-- Every edit of a trend's scores, written in the same transaction as the edit: the trend row
-- holds the current values, this log what they were before, so "what moved" reads stored history.
CREATE SEQUENCE trend_history_ids START 1;
CREATE TABLE trend_history (
    id BIGINT PRIMARY KEY DEFAULT nextval('trend_history_ids'),
    trend_id VARCHAR NOT NULL,
    impact_before INTEGER,
    impact_after INTEGER NOT NULL,
    uncertainty_before INTEGER,
    uncertainty_after INTEGER NOT NULL,
    horizon_before INTEGER,
    horizon_after INTEGER NOT NULL,
    title_sv VARCHAR NOT NULL,
    title_en VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
-- The postcard method: during a collection round, phones send drivers of change or weak signals
-- in a few words. Rows are appended by phones (no conflicts); only the facilitator updates one
-- (status, or merged_into when two cards say the same); `collections` holds whether a
-- vote's collection round is open and how many cards a phone may send. Accepted ones become options of the next
-- voting round in one action (used_in_round records which).
CREATE SEQUENCE submission_ids START 1;
CREATE TABLE submissions (
    id BIGINT PRIMARY KEY DEFAULT nextval('submission_ids'),
    code VARCHAR NOT NULL,
    participant VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'new',
    merged_into BIGINT,
    used_in_round INTEGER,
    submitted_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE collections (
    code VARCHAR PRIMARY KEY,
    status VARCHAR NOT NULL,
    per_phone INTEGER NOT NULL,
    opened_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
