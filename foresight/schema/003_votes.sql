-- Live votes on drivers of change. Ballots are appended, never updated: a changed ballot is a
-- new revision of that participant's ballot, and the tally is a GROUP BY over each participant's
-- latest revision at read time. Appends from hundreds of phones never conflict with each other;
-- updates of a shared tally row would. Only the facilitator updates a `votes` row.
CREATE TABLE votes (
    code VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    secret_hash VARCHAR NOT NULL,
    dots_per_participant INTEGER NOT NULL,
    max_per_option INTEGER NOT NULL,
    status VARCHAR NOT NULL,
    show_results BOOLEAN NOT NULL,
    round INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE TABLE vote_options (
    code VARCHAR NOT NULL,
    position INTEGER NOT NULL,
    driver_id VARCHAR,
    label_sv VARCHAR NOT NULL,
    label_en VARCHAR NOT NULL,
    PRIMARY KEY (code, position)
);
CREATE TABLE ballots (
    code VARCHAR NOT NULL,
    round INTEGER NOT NULL,
    participant VARCHAR NOT NULL,
    revision INTEGER NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (code, round, participant, revision)
);
CREATE TABLE ballot_dots (
    code VARCHAR NOT NULL,
    round INTEGER NOT NULL,
    participant VARCHAR NOT NULL,
    revision INTEGER NOT NULL,
    position INTEGER NOT NULL,
    dots INTEGER NOT NULL
);
