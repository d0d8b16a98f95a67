-- County boundaries for the regional map, downloaded once per workspace (foresight.geo) and kept
-- here after their checksum and structure were verified, so the map works offline afterwards.
CREATE TABLE boundaries (
    id VARCHAR PRIMARY KEY,
    url VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    geojson VARCHAR NOT NULL,
    fetched_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
