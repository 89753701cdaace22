-- Schema version 3: a file's row is keyed by its canonical path, with the path as given
-- beside it, and records what decided its parse (jixiao version and options), so a re-import
-- skips a file only when neither its bytes nor the way it is parsed changed.

ALTER TABLE source_files ADD COLUMN given_path TEXT;   -- the path as given to the importer
ALTER TABLE source_files ADD COLUMN parse_key TEXT;    -- jixiao version and parse options; null before version 2
UPDATE source_files SET given_path = path WHERE given_path IS NULL;
