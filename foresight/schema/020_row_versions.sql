-- Who changed a row the app edits, when, and how often: an edit form carries the version it
-- opened, and a save against a row changed meanwhile is refused (foresight.row_versions).
-- A row never edited in the app has no version (read as 0). Imports leave these columns alone.
ALTER TABLE trends ADD COLUMN edit_version INTEGER;
ALTER TABLE trends ADD COLUMN edited_by VARCHAR;
ALTER TABLE trends ADD COLUMN edited_at TIMESTAMP;
ALTER TABLE plan_actions ADD COLUMN edit_version INTEGER;
ALTER TABLE plan_actions ADD COLUMN edited_by VARCHAR;
ALTER TABLE plan_actions ADD COLUMN edited_at TIMESTAMP;
ALTER TABLE activities ADD COLUMN edit_version INTEGER;
ALTER TABLE activities ADD COLUMN edited_by VARCHAR;
ALTER TABLE activities ADD COLUMN edited_at TIMESTAMP;
ALTER TABLE trend_notes ADD COLUMN written_by VARCHAR;
