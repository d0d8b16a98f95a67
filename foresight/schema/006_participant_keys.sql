-- Keys the workspace keeps for itself. 'participant_tokens' signs the participants' tokens
-- (HMAC-SHA256): a phone's token is issued by the server, and a self-invented one is refused.
-- The key is made on first use (an INSERT, not DDL: nothing here is created during a vote).
CREATE TABLE workspace_keys (
    name VARCHAR PRIMARY KEY,
    secret BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL
);
