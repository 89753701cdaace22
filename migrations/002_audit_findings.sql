-- Schema version 2: audit findings (the rules of docs/audit.md), one row per finding.
-- Findings of forms imported before this version are computed from their record_json
-- when the migration is applied.

CREATE TABLE audit_findings (
    id             INTEGER PRIMARY KEY,
    source_file_id INTEGER NOT NULL REFERENCES source_files(id) ON DELETE CASCADE,
    form_id        INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    code           TEXT NOT NULL,        -- 'audit-vague-target', … (docs/audit.md)
    principle      TEXT NOT NULL,        -- '完整性', '相关性', '适当性', '可行性'
    severity       TEXT NOT NULL,        -- 'warning', 'error'
    line           INTEGER,              -- null for a finding about the form as a whole
    message        TEXT NOT NULL
);

CREATE INDEX audit_findings_form ON audit_findings(form_id);
CREATE INDEX audit_findings_code ON audit_findings(code);
