-- Reference data loaded from data/*.csv. References are checked by foresight.validation rather
-- than by FOREIGN KEY constraints: DuckDB forbids updating a referenced row, and an import must
-- be able to upsert organisations that activities point at.
CREATE TABLE sources (
    id VARCHAR PRIMARY KEY,
    title VARCHAR NOT NULL,
    publisher VARCHAR,
    year INTEGER,
    note VARCHAR
);
CREATE TABLE regions (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    seat VARCHAR,
    lon DOUBLE PRECISION NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    population INTEGER,
    source VARCHAR NOT NULL
);
CREATE TABLE organisations (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    org_type VARCHAR NOT NULL,
    region_code VARCHAR,
    country VARCHAR NOT NULL,
    lon DOUBLE PRECISION,
    lat DOUBLE PRECISION,
    source VARCHAR NOT NULL
);
CREATE TABLE activities (
    id VARCHAR PRIMARY KEY,
    organisation_id VARCHAR NOT NULL,
    year INTEGER,
    date DATE,
    activity_type VARCHAR NOT NULL,
    methods VARCHAR[] NOT NULL,
    audience VARCHAR,
    participants INTEGER,
    description_sv VARCHAR NOT NULL,
    description_en VARCHAR,
    source VARCHAR NOT NULL
);
CREATE TABLE drivers (
    id VARCHAR PRIMARY KEY,
    name_sv VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    description_sv VARCHAR,
    description_en VARCHAR,
    source VARCHAR NOT NULL
);
CREATE TABLE trends (
    id VARCHAR PRIMARY KEY,
    level VARCHAR NOT NULL,
    parent_id VARCHAR,
    category VARCHAR NOT NULL,
    horizon INTEGER NOT NULL,
    impact INTEGER NOT NULL,
    uncertainty INTEGER NOT NULL,
    title_sv VARCHAR NOT NULL,
    title_en VARCHAR NOT NULL,
    description_sv VARCHAR,
    description_en VARCHAR,
    drivers VARCHAR[] NOT NULL,
    source VARCHAR NOT NULL
);
