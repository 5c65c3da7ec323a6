//! Custom properties against their definitions, for services and organizations alike: what
//! a value may be (its type and allowed values), and merging given values over stored ones
//! with defaults and mandatory checks. The forms and the stand-in share it, so a form never
//! sends what the stand-in refuses.

use super::model::{CustomPropertyDefinition, CustomPropertySet, CustomPropertyValue};
use crate::domain::validation::{BusinessError, Validation, required_message};

/// What a definition's `type` asks of a value. The public material shows only `TextBox`;
/// the other names are those Cloudmore's portal offers (`docs/ASSUMPTIONS.md`), matched
/// without regard to case. An unknown type takes any text, so a new one still loads and saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyKind {
    Text,
    Number,
    Boolean,
}

impl PropertyKind {
    pub fn of(def: &CustomPropertyDefinition) -> PropertyKind {
        match def.kind.to_ascii_lowercase().as_str() {
            "number" | "numeric" | "integer" | "decimal" => PropertyKind::Number,
            "checkbox" | "boolean" | "bool" => PropertyKind::Boolean,
            _ => PropertyKind::Text,
        }
    }
}

/// The values a definition allows, when it limits them: its `allowedValues`, or `true` and
/// `false` for a boolean.
pub fn options(def: &CustomPropertyDefinition) -> Vec<String> {
    if def.allowed_values.is_empty() && PropertyKind::of(def) == PropertyKind::Boolean {
        return vec!["true".into(), "false".into()];
    }
    def.allowed_values.clone()
}

/// The field key of a property's errors, as the API names it.
pub fn field_key(def: &CustomPropertyDefinition) -> String {
    format!("CustomProperties[{}]", def.name)
}

/// Why a non-empty `value` does not fit `def` (an empty one is the mandatory check's).
pub fn value_error(def: &CustomPropertyDefinition, value: &str) -> Option<String> {
    if value.is_empty() {
        return None;
    }
    let allowed = options(def);
    if !allowed.is_empty() && !allowed.iter().any(|a| a == value) {
        return Some(format!(
            "Invalid value '{value}' for {}; allowed values: {}.",
            def.name,
            allowed.join(", ")
        ));
    }
    if PropertyKind::of(def) == PropertyKind::Number && value.trim().parse::<f64>().is_err() {
        return Some(format!(
            "Invalid value '{value}' for {}; a number is expected.",
            def.name
        ));
    }
    None
}

/// Checks `given` against `defs` on top of the `current` values and returns the values to
/// store. Unknown properties and values that do not fit are business errors (`owner` says
/// whose properties they are: "this service", "organizations"); a mandatory property left
/// without a value (and without a default) is a field error under [`field_key`]. The values
/// are to be stored only when the validation is ok.
pub fn merge(
    defs: &[CustomPropertyDefinition],
    current: &[(String, String)],
    given: &[CustomPropertySet],
    owner: &str,
) -> (Vec<(String, String)>, Validation) {
    let mut v = Validation::default();
    let mut values: Vec<(String, String)> = current.to_vec();
    for set in given {
        let Some(def) = defs.iter().find(|d| d.property_id == set.property_id) else {
            v.business.push(BusinessError::invalid_value(format!(
                "Unknown custom property '{}' for {owner}.",
                set.property_id
            )));
            continue;
        };
        if let Some(message) = value_error(def, &set.value) {
            v.business.push(BusinessError::invalid_value(message));
        }
        values.retain(|(id, _)| id != &set.property_id);
        values.push((set.property_id.clone(), set.value.clone()));
    }
    for def in defs {
        let slot = values.iter_mut().find(|(id, _)| id == &def.property_id);
        let missing = slot
            .as_ref()
            .is_none_or(|(_, value)| value.trim().is_empty());
        if missing && !def.default_value.is_empty() {
            match slot {
                Some((_, value)) => *value = def.default_value.clone(),
                None => values.push((def.property_id.clone(), def.default_value.clone())),
            }
        } else if missing && def.mandatory {
            v.fields.add(&field_key(def), required_message(&def.name));
        }
    }
    (values, v)
}

/// The values as a record shows them: one per definition, in its order, an unset one empty.
pub fn shown(
    defs: &[CustomPropertyDefinition],
    values: &[(String, String)],
) -> Vec<CustomPropertyValue> {
    defs.iter()
        .map(|def| CustomPropertyValue {
            property_id: def.property_id.clone(),
            name: def.name.clone(),
            value: values
                .iter()
                .find(|(id, _)| id == &def.property_id)
                .map(|(_, value)| value.clone())
                .unwrap_or_default(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(kind: &str, allowed: &[&str]) -> CustomPropertyDefinition {
        CustomPropertyDefinition {
            property_id: "p".into(),
            name: "Tier".into(),
            kind: kind.into(),
            allowed_values: allowed.iter().map(|a| a.to_string()).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn values_are_checked_by_type_and_options() {
        assert_eq!(value_error(&def("TextBox", &[]), "anything"), None);
        assert!(value_error(&def("Number", &[]), "12a").is_some());
        assert_eq!(value_error(&def("numeric", &[]), "12.5"), None);
        assert!(value_error(&def("CheckBox", &[]), "yes").is_some());
        assert_eq!(value_error(&def("CheckBox", &[]), "true"), None);
        assert!(value_error(&def("DropDown", &["A", "B"]), "C").is_some());
        assert_eq!(value_error(&def("DropDown", &["A", "B"]), ""), None);
        assert_eq!(value_error(&def("SomethingNew", &[]), "x"), None);
    }

    #[test]
    fn merge_keeps_what_is_not_given_and_fills_defaults() {
        let mut tier = def("DropDown", &["A", "B"]);
        tier.default_value = "A".into();
        let mut note = def("TextBox", &[]);
        note.property_id = "n".into();
        note.name = "Note".into();
        note.mandatory = true;
        let current = vec![("n".to_string(), "kept".to_string())];
        let (merged, ok) = merge(&[tier.clone(), note.clone()], &current, &[], "x");
        assert!(ok.is_ok());
        assert_eq!(
            merged,
            [("n".into(), "kept".into()), ("p".into(), "A".into())]
        );
        let cleared = CustomPropertySet {
            property_id: "n".into(),
            value: " ".into(),
        };
        let (_, refused) = merge(&[tier, note], &current, &[cleared], "x");
        assert_eq!(
            refused.fields.first("CustomProperties[Note]"),
            Some("The Note field is required.")
        );
    }
}
