-- The participants' own drivers: an accepted postcard becomes a driver of the workspace when the
-- facilitator makes the accepted cards the next round's options, so it is an option of later
-- votes, an axis candidate and a card of the cross like any library driver. `origin` marks it
-- ('participants'; NULL: the library's own), `workshop_id` the workshop whose vote collected it,
-- and the card remembers its driver.
ALTER TABLE drivers ADD COLUMN origin VARCHAR;
ALTER TABLE drivers ADD COLUMN workshop_id INTEGER;
ALTER TABLE submissions ADD COLUMN driver_id VARCHAR;
