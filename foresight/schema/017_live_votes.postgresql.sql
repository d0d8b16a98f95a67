-- The live vote across app processes (server mode, issue 26): as 017_live_votes.sql, plus the
-- indexes that keep a batch's rows one lookup away when every process reads each batch. (A
-- DuckDB file has one process, which never reads a batch back.)
CREATE SEQUENCE ballot_batch_ids START 1;
ALTER TABLE ballots ADD COLUMN batch BIGINT;
ALTER TABLE votes ADD COLUMN changes INTEGER DEFAULT 0;
CREATE INDEX ballots_by_batch ON ballots (batch);
CREATE INDEX ballot_dots_by_ballot ON ballot_dots (code, round, participant, revision);
