-- Rolling foresight action plans, backcasting and vision work (issue 14).
-- Links between rows are ids (checked by foresight.validation, like the reference tables), never
-- FOREIGN KEYs: a deleted or renamed trend, driver or activity must leave the action that served
-- it intact, showing the id it pointed at. workshop_id has no foreign key either: the workshops
-- table arrives in a later migration.
CREATE TABLE plans (
    id VARCHAR PRIMARY KEY,
    organisation_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    overall_goal VARCHAR NOT NULL,
    horizon INTEGER,
    source VARCHAR
);
CREATE TABLE plan_versions (
    id VARCHAR PRIMARY KEY,
    plan_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    note VARCHAR,
    source VARCHAR
);
CREATE TABLE plan_goals (
    id VARCHAR PRIMARY KEY,
    plan_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    source VARCHAR
);
CREATE TABLE visions (
    id VARCHAR PRIMARY KEY,
    organisation_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    picture VARCHAR NOT NULL,
    horizon INTEGER,
    source VARCHAR
);
CREATE TABLE vision_answers (
    id VARCHAR PRIMARY KEY,
    vision_id VARCHAR NOT NULL,
    group_name VARCHAR NOT NULL,
    question VARCHAR NOT NULL,
    answer VARCHAR NOT NULL,
    source VARCHAR
);
CREATE TABLE backcasts (
    id VARCHAR PRIMARY KEY,
    plan_id VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    cross_id INTEGER,
    quadrant VARCHAR,
    vision_id VARCHAR,
    future_picture VARCHAR,
    success VARCHAR NOT NULL,
    start_year INTEGER NOT NULL,
    horizon INTEGER NOT NULL,
    workshop_id INTEGER,
    source VARCHAR
);
CREATE TABLE backcast_milestones (
    id VARCHAR PRIMARY KEY,
    backcast_id VARCHAR NOT NULL,
    year INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    source VARCHAR
);
CREATE TABLE plan_actions (
    id VARCHAR PRIMARY KEY,
    version_id VARCHAR NOT NULL,
    lineage VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    description VARCHAR,
    responsible VARCHAR NOT NULL,
    start_year INTEGER,
    end_year INTEGER,
    status VARCHAR NOT NULL,
    goals VARCHAR[] NOT NULL,
    trends VARCHAR[] NOT NULL,
    drivers VARCHAR[] NOT NULL,
    activities VARCHAR[] NOT NULL,
    milestone_id VARCHAR,
    workshop_id INTEGER,
    source VARCHAR
);
