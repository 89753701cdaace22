-- Schema version 1: source files, their forms, the forms' indicators, and diagnostics.

CREATE TABLE source_files (
    id           INTEGER PRIMARY KEY,
    path         TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,          -- SHA-256 of the file's bytes, lowercase hex
    encoding     TEXT,                   -- the encoding the bytes were decoded with
    imported_at  TEXT NOT NULL,          -- UTC, ISO 8601 (2024-05-01T08:30:00Z)
    status       TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
    error        TEXT                    -- why the file failed; null when status = 'ok'
);

CREATE TABLE forms (
    id             INTEGER PRIMARY KEY,
    source_file_id INTEGER NOT NULL REFERENCES source_files(id) ON DELETE CASCADE,
    form_index     INTEGER NOT NULL,
    form_kind      TEXT NOT NULL,        -- 'project' or 'department'
    title          TEXT,
    year           INTEGER,
    project_name   TEXT,
    leader_name    TEXT,
    leader_phone   TEXT,
    department     TEXT,
    implementers   TEXT,                 -- the units joined by 、
    funding_unit   TEXT NOT NULL,        -- the unit of the funding_* amounts
    funding_total  REAL,
    funding_fiscal REAL,
    funding_other  REAL,
    goal_annual    TEXT,
    goal_long_term TEXT,
    note           TEXT,
    needs_review   INTEGER NOT NULL,     -- 0 or 1
    line_start     INTEGER NOT NULL,
    line_end       INTEGER NOT NULL,
    layout         TEXT NOT NULL,
    record_json    TEXT NOT NULL,        -- the whole record as JSON
    UNIQUE (source_file_id, form_index)
);

CREATE TABLE indicators (
    id         INTEGER PRIMARY KEY,
    form_id    INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,         -- 0-based order within the form
    level1     TEXT,
    level2     TEXT,
    name       TEXT,
    raw        TEXT,
    kind       TEXT,                     -- 'quantity', 'range', 'text'; null when the value is null
    op         TEXT,
    number     REAL,
    unit       TEXT,
    min        REAL,
    max        REAL,
    line       INTEGER NOT NULL,
    value_json TEXT,                     -- the value as JSON; null when the value is null
    UNIQUE (form_id, position)
);

CREATE TABLE diagnostics (
    id             INTEGER PRIMARY KEY,
    source_file_id INTEGER NOT NULL REFERENCES source_files(id) ON DELETE CASCADE,
    form_id        INTEGER REFERENCES forms(id) ON DELETE CASCADE,  -- null for file-level diagnostics
    severity       TEXT NOT NULL,        -- 'info', 'warning', 'error'
    code           TEXT NOT NULL,
    line           INTEGER,
    message        TEXT NOT NULL
);

CREATE INDEX forms_department ON forms(department);
CREATE INDEX forms_year ON forms(year);
CREATE INDEX indicators_form ON indicators(form_id);
CREATE INDEX indicators_level1 ON indicators(level1);
CREATE INDEX diagnostics_source_file ON diagnostics(source_file_id);
CREATE INDEX diagnostics_form ON diagnostics(form_id);
CREATE INDEX diagnostics_code ON diagnostics(code);
