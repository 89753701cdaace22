//! The Spark schema of a record (`jixiao schema --format spark`), derived
//! from the generated JSON Schema.
//!
//! Spark infers types from JSON badly for these records: a column whose
//! values are all null (`op` on a small batch) becomes a null type, and
//! numbers printed whole (`340`) and with a fraction (`6.7`) become a long in
//! one file and a double in another. An explicit `StructType` avoids both.
//! It is derived from [`crate::schema::record_schema`], itself generated from
//! the record types, so it follows them without being written by hand.

use serde_json::{json, Map, Value};

/// A JSON Schema construct the conversion does not know how to express.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot express {path} in a Spark schema: {reason}")]
pub struct SparkSchemaError {
    /// Where in the record (`indicators[].value.number`).
    pub path: String,
    /// What was found there.
    pub reason: String,
}

/// The Spark `StructType` (as Spark's JSON: `StructType.fromJson` in PySpark,
/// `DataType.fromJson` in Scala) of one record: the row type of a table of
/// records. Integers are `long`, numbers `double`, string enums `string`,
/// `extra` maps `map<string,string>`; each field's description is its `comment`.
pub fn record_spark_schema() -> Result<Value, SparkSchemaError> {
    let schema = crate::schema::record_schema();
    let record = schema
        .get("items")
        .ok_or_else(|| error("record", "the schema is not an array of records"))?;
    Converter {
        defs: schema.get("$defs").and_then(Value::as_object),
    }
    .convert(record, "record")
    .map(|t| t.data_type)
}

fn error(path: &str, reason: impl Into<String>) -> SparkSchemaError {
    SparkSchemaError {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// A Spark data type and whether JSON null is allowed for it.
struct Typed {
    data_type: Value,
    nullable: bool,
}

struct Converter<'a> {
    defs: Option<&'a Map<String, Value>>,
}

impl Converter<'_> {
    /// Follows `$ref`s to `#/$defs/…`.
    fn resolve<'s>(
        &'s self,
        mut schema: &'s Value,
        path: &str,
    ) -> Result<&'s Value, SparkSchemaError> {
        for _ in 0..32 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                return Ok(schema);
            };
            let name = reference
                .strip_prefix("#/$defs/")
                .ok_or_else(|| error(path, format!("unsupported reference {reference}")))?;
            schema = self
                .defs
                .and_then(|d| d.get(name))
                .ok_or_else(|| error(path, format!("no definition {name}")))?;
        }
        Err(error(path, "references nest too deep"))
    }

    fn convert(&self, schema: &Value, path: &str) -> Result<Typed, SparkSchemaError> {
        let schema = self.resolve(schema, path)?;
        let is_null = |s: &Value| s.get("type").and_then(Value::as_str) == Some("null");
        // `Option<T>`: anyOf [T, null].
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            let rest: Vec<&Value> = any.iter().filter(|s| !is_null(s)).collect();
            let [inner] = rest.as_slice() else {
                return Err(error(path, "anyOf of several non-null types"));
            };
            let mut t = self.convert(inner, path)?;
            t.nullable |= rest.len() < any.len();
            return Ok(t);
        }
        let one_of = schema.get("oneOf").and_then(Value::as_array);
        // A unit-variant enum: oneOf string constants.
        if let Some(variants) = one_of {
            let strings = variants.iter().all(|v| {
                v.get("const").is_some_and(Value::is_string)
                    && v.get("type").and_then(Value::as_str) == Some("string")
            });
            if strings && !variants.is_empty() {
                return Ok(leaf("string", false));
            }
        }
        // `type` is a name, or [name, "null"] for nullable values.
        let (name, nullable) = match schema.get("type") {
            Some(Value::String(t)) => (t.as_str(), false),
            Some(Value::Array(types)) => {
                let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                match names.as_slice() {
                    [t, "null"] | ["null", t] => (*t, true),
                    _ => return Err(error(path, format!("type {types:?}"))),
                }
            }
            _ if one_of.is_some() => ("object", false),
            other => return Err(error(path, format!("no usable type: {other:?}"))),
        };
        let data_type = match name {
            "string" => json!("string"),
            "integer" => json!("long"),
            "number" => json!("double"),
            "boolean" => json!("boolean"),
            "array" => {
                let items = schema
                    .get("items")
                    .ok_or_else(|| error(path, "array without items"))?;
                let element = self.convert(items, &format!("{path}[]"))?;
                json!({"type": "array", "elementType": element.data_type, "containsNull": element.nullable})
            }
            "object" => self.object(schema, path)?,
            other => return Err(error(path, format!("type {other}"))),
        };
        Ok(Typed {
            data_type,
            nullable,
        })
    }

    /// A struct from `properties` (with the fields of `oneOf` variants of a
    /// flattened tagged enum merged in), or a map from `additionalProperties`.
    fn object(&self, schema: &Value, path: &str) -> Result<Value, SparkSchemaError> {
        let has_properties = schema.get("properties").is_some() || schema.get("oneOf").is_some();
        if !has_properties {
            let values = schema
                .get("additionalProperties")
                .filter(|v| v.is_object())
                .ok_or_else(|| error(path, "an object with neither properties nor a value type"))?;
            let value = self.convert(values, &format!("{path}{{}}"))?;
            return Ok(json!({
                "type": "map", "keyType": "string",
                "valueType": value.data_type, "valueContainsNull": value.nullable,
            }));
        }
        let mut fields: Vec<Value> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        let (required, optional) = self.properties(schema, path)?;
        let mut groups = vec![(required, true)];
        for variant in schema
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let variant = self.resolve(variant, path)?;
            let (req, opt) = self.properties(variant, path)?;
            groups.push((req, false));
            groups.push((opt, false));
        }
        groups.push((optional, false));
        let variant_count = schema
            .get("oneOf")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for (props, always) in groups {
            for (name, prop, present) in props {
                if names.contains(&name) {
                    continue;
                }
                let field_path = format!("{path}.{name}");
                let t = self.convert(prop, &field_path)?;
                // A variant's field is non-null only when every variant requires it.
                let everywhere = always
                    || (variant_count > 0
                        && self.required_in_every_variant(schema, &name, path)?);
                let nullable = t.nullable || !(present && everywhere);
                let comment = prop
                    .get("description")
                    .and_then(Value::as_str)
                    .map(|d| json!({"comment": d}))
                    .unwrap_or_else(|| json!({}));
                fields.push(json!({
                    "name": name, "type": t.data_type, "nullable": nullable, "metadata": comment,
                }));
                names.push(name);
            }
        }
        Ok(json!({"type": "struct", "fields": fields}))
    }

    /// A schema's properties: the required ones in `required` order, then the
    /// others in property order. Each comes with whether it is required.
    #[allow(clippy::type_complexity)]
    fn properties<'s>(
        &self,
        schema: &'s Value,
        path: &str,
    ) -> Result<
        (
            Vec<(String, &'s Value, bool)>,
            Vec<(String, &'s Value, bool)>,
        ),
        SparkSchemaError,
    > {
        let Some(props) = schema.get("properties") else {
            return Ok((Vec::new(), Vec::new()));
        };
        let props = props
            .as_object()
            .ok_or_else(|| error(path, "properties is not an object"))?;
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let mut first = Vec::new();
        for name in &required {
            if let Some(p) = props.get(*name) {
                first.push(((*name).to_owned(), p, true));
            }
        }
        let rest = props
            .iter()
            .filter(|(name, _)| !required.contains(&name.as_str()))
            .map(|(name, p)| (name.clone(), p, false))
            .collect();
        Ok((first, rest))
    }

    fn required_in_every_variant(
        &self,
        schema: &Value,
        name: &str,
        path: &str,
    ) -> Result<bool, SparkSchemaError> {
        for variant in schema
            .get("oneOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let variant = self.resolve(variant, path)?;
            let required = variant
                .get("required")
                .and_then(Value::as_array)
                .is_some_and(|r| r.iter().any(|n| n == name));
            if !required {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

fn leaf(name: &str, nullable: bool) -> Typed {
    Typed {
        data_type: json!(name),
        nullable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The field `name` of a struct type.
    fn field<'a>(t: &'a Value, name: &str) -> &'a Value {
        t["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap_or_else(|| panic!("no field {name} in {t}"))
    }

    fn names(t: &Value) -> Vec<&str> {
        t["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect()
    }

    #[test]
    fn records_are_structs_in_contract_order() {
        let s = record_spark_schema().unwrap();
        assert_eq!(s["type"], "struct");
        let names = names(&s);
        assert_eq!(names[..3], ["schema_version", "source", "form_kind"]);
        assert!(names.contains(&"needs_review"));
        assert_eq!(field(&s, "schema_version")["type"], "long");
        assert_eq!(field(&s, "schema_version")["nullable"], false);
        assert_eq!(field(&s, "year")["type"], "long");
        assert_eq!(field(&s, "year")["nullable"], true);
        assert_eq!(field(&s, "form_kind")["type"], "string");
        let extra = &field(&s, "extra")["type"];
        assert_eq!(extra["type"], "map");
        assert_eq!(extra["valueType"], "string");
        assert!(field(&s, "project_name")["metadata"]["comment"]
            .as_str()
            .unwrap()
            .contains("项目名称"));
    }

    #[test]
    fn values_merge_their_kinds_into_one_struct_of_doubles() {
        let s = record_spark_schema().unwrap();
        let indicators = &field(&s, "indicators")["type"];
        assert_eq!(indicators["type"], "array");
        let value = &field(&indicators["elementType"], "value");
        assert_eq!(value["nullable"], true);
        let value = &value["type"];
        assert_eq!(
            names(value),
            ["raw", "kind", "op", "number", "unit", "min", "max", "items", "approx", "date"]
        );
        for (name, ty, nullable) in [
            ("raw", json!("string"), false),
            ("kind", json!("string"), false),
            ("op", json!("string"), true),
            ("number", json!("double"), true),
            ("min", json!("double"), true),
            ("approx", json!("boolean"), true),
        ] {
            let f = field(value, name);
            assert_eq!(
                (&f["type"], &f["nullable"]),
                (&ty, &json!(nullable)),
                "{name}"
            );
        }
        assert_eq!(field(value, "items")["type"]["elementType"], "string");
        assert_eq!(
            field(&field(value, "date")["type"], "iso")["type"],
            "string"
        );
    }

    #[test]
    fn unknown_constructs_are_errors_not_guesses() {
        let c = Converter { defs: None };
        let err = c.convert(&json!({"type": "object"}), "x").err().unwrap();
        assert_eq!(err.path, "x");
        assert!(c.convert(&json!({"$ref": "#/$defs/Missing"}), "y").is_err());
        assert!(c
            .convert(
                &json!({"anyOf": [{"type": "string"}, {"type": "integer"}]}),
                "z"
            )
            .is_err());
    }
}
