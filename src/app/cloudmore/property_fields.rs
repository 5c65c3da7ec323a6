//! One form field per custom-property definition, for the service forms and the organization
//! form alike: a choice where the definition limits the values (its allowed values, or true
//! and false), text otherwise; mandatory ones required. Keys are the API's own
//! (`CustomProperties[<name>]`), so a server's field error lands on its field, and the checks
//! are `domain::reseller::properties`', the stand-in's.

use crate::domain::reseller::properties::{field_key, options, value_error};
use crate::domain::validation::required_message;
use crate::domain::{CustomPropertyDefinition, CustomPropertySet, FieldErrors};

use crate::app::form::{Field, FieldKind, Form};

/// The choice offered for an optional property with limited values: leave it unset.
pub const UNSET: &str = "(not set)";

/// The field of `def`, holding `value`. A value the definition no longer allows is offered
/// as it is rather than silently replaced; the check then says why it cannot be saved.
pub fn field(def: &CustomPropertyDefinition, value: &str) -> Field {
    let mut choices = options(def);
    let field = if choices.is_empty() {
        Field::text(field_key(def), &def.name).with_value(value)
    } else {
        if !def.mandatory {
            choices.insert(0, UNSET.into());
        }
        if !value.is_empty() && !choices.iter().any(|o| o == value) {
            choices.push(value.to_string());
        }
        let selected = choices.iter().position(|o| o == value).unwrap_or(0);
        Field::choice(field_key(def), &def.name, choices, selected)
    };
    if def.mandatory {
        field.required()
    } else {
        field
    }
}

/// What the form holds for `def` (empty when unset or absent).
pub fn value(form: &Form, def: &CustomPropertyDefinition) -> String {
    let key = field_key(def);
    let Some(field) = form.fields.iter().find(|f| f.key == key) else {
        return String::new();
    };
    match &field.kind {
        FieldKind::Choice(options) => options
            .get(field.choice)
            .filter(|o| o.as_str() != UNSET)
            .cloned()
            .unwrap_or_default(),
        _ => field.input.value().trim().to_string(),
    }
}

/// Every definition's value in the form, in the definitions' order.
pub fn values(form: &Form, defs: &[CustomPropertyDefinition]) -> Vec<CustomPropertySet> {
    defs.iter()
        .map(|d| CustomPropertySet {
            property_id: d.property_id.clone(),
            value: value(form, d),
        })
        .collect()
}

/// Mandatory properties left empty, and values their definitions do not allow.
pub fn check(form: &Form, defs: &[CustomPropertyDefinition], errors: &mut FieldErrors) {
    for def in defs {
        let value = value(form, def);
        if value.is_empty() && def.mandatory {
            errors.add(&field_key(def), required_message(&def.name));
        } else if let Some(message) = value_error(def, &value) {
            errors.add(&field_key(def), message);
        }
    }
}

/// The definition a server message names ("Invalid value 'x' for Region; …").
pub fn named_in(defs: &[CustomPropertyDefinition], message: &str) -> Option<String> {
    defs.iter()
        .find(|d| message.contains(&format!("for {}", d.name)))
        .map(field_key)
}
