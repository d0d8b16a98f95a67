-- Municipalities (SCB four-digit codes, seeded from data/municipalities.csv, which is derived from
-- the shipped boundary file), an activity's municipality, status and explicit "undated", a link
-- for each source, and the activity's methods as a bitmask (bit i = tables.METHODS[i]), which the
-- map filters and counts without unnesting the method lists.
CREATE TABLE municipalities (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    region_code VARCHAR NOT NULL,
    source VARCHAR NOT NULL
);
ALTER TABLE activities ADD COLUMN municipality_code VARCHAR;
ALTER TABLE activities ADD COLUMN status VARCHAR;
ALTER TABLE activities ADD COLUMN undated VARCHAR;
ALTER TABLE activities ADD COLUMN method_mask BIGINT;
ALTER TABLE sources ADD COLUMN url VARCHAR;
