//! Reading JSON the way servers really send it, for every wire type at once (no per-field
//! attributes): a field set to `null` reads as if it were missing, so the type's `default`
//! applies (and a `null` text, number or boolean elsewhere, e.g. in a list, reads as empty, 0 or
//! false); a number or boolean where text is expected reads as its text (`"id": 24`); a
//! numeric string where a number is expected reads as the number (`"mfaOption": "1"`, as
//! ASP.NET model binding accepts it), a blank one as 0; `"true"`/`"false"`/`1`/`0` read as
//! booleans. Unknown fields are ignored, as serde does unless told otherwise.
//!
//! Anything this accepts that strict `serde_json` also accepts reads the same, so a strict
//! decode may be tried first as a fast path.

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Unexpected, Visitor,
};
use serde_json::{Number, Value};

/// Decodes `value` into `T` with the rules above.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, serde_json::Error> {
    T::deserialize(Lenient(value))
}

/// A JSON value read leniently: pass it to `T::deserialize`.
pub struct Lenient(pub Value);

impl Lenient {
    /// A number asked for: numeric strings are parsed, anything else is read as it is.
    fn number<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Null => visitor.visit_u64(0),
            Value::String(text) if text.trim().is_empty() => visitor.visit_u64(0),
            Value::String(text) => match text.trim().parse::<Number>() {
                Ok(number) => de::Deserializer::deserialize_any(number, visitor),
                Err(_) => Err(de::Error::invalid_value(
                    Unexpected::Str(&text),
                    &"a number",
                )),
            },
            other => de::Deserializer::deserialize_any(Lenient(other), visitor),
        }
    }
}

/// Number-typed requests all go through [`Lenient::number`].
macro_rules! numbers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.number(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Lenient {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Items(items.into_iter())),
            Value::Object(fields) => visitor.visit_map(Fields {
                fields: fields.into_iter(),
                value: None,
            }),
            other => other.deserialize_any(visitor),
        }
    }

    numbers! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Number(number) => visitor.visit_string(number.to_string()),
            Value::Bool(flag) => visitor.visit_string(flag.to_string()),
            Value::Null => visitor.visit_str(""),
            other => Lenient(other).deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        let flag = match &self.0 {
            Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Some(true),
                "false" | "0" | "" => Some(false),
                _ => None,
            },
            Value::Number(number) => match number.as_u64() {
                Some(0) => Some(false),
                Some(1) => Some(true),
                _ => None,
            },
            Value::Null => Some(false),
            _ => return self.deserialize_any(visitor),
        };
        match flag {
            Some(flag) => visitor.visit_bool(flag),
            None => Err(de::Error::invalid_type(unexpected(&self.0), &"a boolean")),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            other => visitor.visit_some(Lenient(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// What a value is, for "invalid type" messages.
fn unexpected(value: &Value) -> Unexpected<'_> {
    match value {
        Value::Null => Unexpected::Unit,
        Value::Bool(flag) => Unexpected::Bool(*flag),
        Value::Number(_) => Unexpected::Other("a number"),
        Value::String(text) => Unexpected::Str(text),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

struct Items(std::vec::IntoIter<Value>);

impl<'de> SeqAccess<'de> for Items {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0
            .next()
            .map(|item| seed.deserialize(Lenient(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The fields of an object, with the `null` ones left out.
struct Fields {
    fields: serde_json::map::IntoIter,
    value: Option<Value>,
}

impl<'de> MapAccess<'de> for Fields {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        for (key, value) in self.fields.by_ref() {
            if !value.is_null() {
                self.value = Some(value);
                return seed.deserialize(Lenient(Value::String(key))).map(Some);
            }
        }
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value asked for before its key"))?;
        seed.deserialize(Lenient(value))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(rename_all = "camelCase", default)]
    struct Row {
        id: String,
        count: i64,
        price: f64,
        active: bool,
        role_id: Option<i64>,
        seen: Option<String>,
        tags: Vec<String>,
        inner: Inner,
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Inner {
        name: String,
    }

    #[test]
    fn null_reads_as_missing_everywhere() {
        let nulls = json!({"id": null, "count": null, "price": null, "active": null,
            "roleId": null, "seen": null, "tags": null, "inner": {"name": null}});
        assert_eq!(from_value::<Row>(nulls).unwrap(), Row::default());
        assert_eq!(
            from_value::<Row>(json!({"inner": null})).unwrap(),
            Row::default()
        );
    }

    #[test]
    fn numbers_and_text_cross_over() {
        let row: Row = from_value(json!({"id": 24, "count": " 7 ", "price": "9.5",
            "active": "True", "roleId": "3", "seen": 2026, "tags": [1, true]}))
        .unwrap();
        assert_eq!(row.id, "24");
        assert_eq!((row.count, row.price, row.active), (7, 9.5, true));
        assert_eq!(row.role_id, Some(3));
        assert_eq!(row.seen.as_deref(), Some("2026"));
        assert_eq!(row.tags, ["1", "true"]);
        assert_eq!(from_value::<Row>(json!({"count": ""})).unwrap().count, 0);
        assert!(from_value::<Row>(json!({"active": 1})).unwrap().active);
    }

    #[test]
    fn what_cannot_be_read_still_fails_with_a_reason() {
        let error = from_value::<Row>(json!({"count": "seven"})).unwrap_err();
        assert!(error.to_string().contains("a number"), "{error}");
        assert!(from_value::<Row>(json!({"active": "maybe"})).is_err());
        assert!(from_value::<Row>(json!({"tags": "a"})).is_err());
        assert!(from_value::<Row>(json!(null)).is_err());
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let row: Row = from_value(json!({"id": "a", "brandNew": {"x": [1]}})).unwrap();
        assert_eq!(row.id, "a");
    }
}
