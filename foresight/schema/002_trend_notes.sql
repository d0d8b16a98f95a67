-- Notes a leadership group writes about a trend: "relevant for us", why, and how urgent.
-- Notes are appended, never updated in place (appends never conflict between sessions); the
-- newest note of a trend is its current mark. trend_id is checked by foresight.trends, not by a
-- FOREIGN KEY, so a trend can still be edited (DuckDB forbids updating a referenced row).
CREATE TABLE trend_notes (
    id VARCHAR PRIMARY KEY,
    trend_id VARCHAR NOT NULL,
    relevant BOOLEAN NOT NULL,
    priority INTEGER NOT NULL,
    comment VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
