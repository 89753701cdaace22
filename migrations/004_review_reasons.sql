-- Schema version 4: why a form needs review (the record's review_reasons), one row per
-- reason in the record's order, weightiest first. Forms imported before this version get
-- the reasons their stored record_json carries.

CREATE TABLE review_reasons (
    id       INTEGER PRIMARY KEY,
    form_id  INTEGER NOT NULL REFERENCES forms(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,           -- 0-based; 0 is the weightiest reason
    code     TEXT NOT NULL,              -- a diagnostic code (docs/diagnostics.md)
    UNIQUE (form_id, position)
);

CREATE INDEX review_reasons_code ON review_reasons(code);

INSERT INTO review_reasons (form_id, position, code)
SELECT forms.id, CAST(reason.key AS INTEGER), reason.value
FROM forms, json_each(forms.record_json, '$.review_reasons') AS reason
WHERE json_valid(forms.record_json);
