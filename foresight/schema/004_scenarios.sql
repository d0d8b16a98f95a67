-- Scenario crosses (scenariekors): two axes, four named quadrants, cards dragged into place.
-- Placements are an append-only log (scenario_moves): the latest row per card wins, a row with
-- NULL x/y sends the card back to the tray. Appends never conflict between sessions, and the
-- log keeps every move a group made, so nothing placed is ever overwritten in place.
CREATE SEQUENCE scenario_cross_ids START 1;
CREATE SEQUENCE scenario_move_ids START 1;
CREATE TABLE scenario_crosses (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    x_driver_id VARCHAR,
    x_label VARCHAR NOT NULL DEFAULT '',
    x_low VARCHAR NOT NULL DEFAULT '',
    x_high VARCHAR NOT NULL DEFAULT '',
    y_driver_id VARCHAR,
    y_label VARCHAR NOT NULL DEFAULT '',
    y_low VARCHAR NOT NULL DEFAULT '',
    y_high VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE scenario_quadrants (
    cross_id INTEGER NOT NULL,
    quadrant VARCHAR NOT NULL,
    name VARCHAR NOT NULL DEFAULT '',
    narrative VARCHAR NOT NULL DEFAULT '',
    PRIMARY KEY (cross_id, quadrant)
);
CREATE TABLE scenario_cards (
    cross_id INTEGER NOT NULL,
    card_id VARCHAR NOT NULL,
    note VARCHAR,
    added_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (cross_id, card_id)
);
CREATE TABLE scenario_moves (
    id BIGINT PRIMARY KEY DEFAULT nextval('scenario_move_ids'),
    cross_id INTEGER NOT NULL,
    card_id VARCHAR NOT NULL,
    x DOUBLE PRECISION,
    y DOUBLE PRECISION,
    moved_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
