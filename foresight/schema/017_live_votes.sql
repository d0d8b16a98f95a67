-- The live vote across app processes (server mode, issue 26). Every committed batch of ballots
-- has a number of its own (`ballots.batch`, from a sequence): one notification per batch names
-- it, and the other processes read exactly that batch to bring their tallies up to date.
-- `votes.changes` counts the facilitator's changes (open, close, results shown, a new round, new
-- options): the phones' long polls wait on it, and every process reads the same count.
CREATE SEQUENCE ballot_batch_ids START 1;
ALTER TABLE ballots ADD COLUMN batch BIGINT;
ALTER TABLE votes ADD COLUMN changes INTEGER DEFAULT 0;
