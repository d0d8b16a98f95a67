-- Who may change the workspace (foresight.access): passphrase hashes, the organisation accounts
-- and groups that sign in through OpenID Connect, signed-in browser sessions, and settings.
-- Only hashes are stored: an scrypt hash of each passphrase, a SHA-256 of each session token.
CREATE TABLE access_passphrases (
    role VARCHAR PRIMARY KEY CHECK (role IN ('owner', 'viewer')),
    salt BYTEA NOT NULL,
    hash BYTEA NOT NULL,
    n INTEGER NOT NULL,
    r INTEGER NOT NULL,
    p INTEGER NOT NULL,
    set_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE access_members (
    identity VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL CHECK (kind IN ('email', 'group')),
    role VARCHAR NOT NULL CHECK (role IN ('owner', 'viewer')),
    added_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE access_sessions (
    token_hash VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL CHECK (role IN ('owner', 'viewer')),
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    expires_at TIMESTAMP NOT NULL
);
CREATE TABLE access_settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
