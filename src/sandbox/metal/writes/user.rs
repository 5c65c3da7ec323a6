//! `updateCurrentUser`: the caller changes their own names, phone number, time zone and
//! custom data (`UserUpdateInput`). The e-mail is not in that input, and a `password` is
//! taken but not kept: the stand-in signs nobody in by password, only by API key.

use rusqlite::Connection;
use serde_json::{Map, Value};

use super::body::{Field, Reader};
use crate::sandbox::metal::reply::{MetalError, MetalResult};
use crate::sandbox::metal::store::{self, Caller, User, now_secs};

/// Rails's `string` column limit, as for an organization's name.
const MAX_NAME: usize = 255;

pub(crate) fn update_current_user(
    conn: &mut Connection,
    caller: &Caller,
    body: &Map<String, Value>,
) -> MetalResult<User> {
    let tx = conn.transaction()?;
    let mut user = store::find_user(&tx, &caller.user_id)?
        .ok_or_else(|| MetalError::unauthorized("Invalid authentication token"))?;
    let mut errors = Vec::new();
    let mut reader = Reader {
        body,
        label: "",
        errors: &mut errors,
    };
    for (key, slot) in [
        ("first_name", &mut user.first_name),
        ("last_name", &mut user.last_name),
        ("timezone", &mut user.timezone),
    ] {
        if let Some(text) = reader.present(key, false) {
            if text.chars().count() > MAX_NAME {
                reader.fail(
                    key,
                    &format!("is too long (maximum is {MAX_NAME} characters)"),
                );
            }
            *slot = text;
        }
    }
    match reader.text("phone_number") {
        Field::Set(text) if text.trim().is_empty() => user.phone_number = None,
        Field::Set(text) => user.phone_number = Some(text.trim().to_string()),
        Field::Null => user.phone_number = None,
        Field::Absent => {}
    }
    match reader.object("customdata") {
        Field::Set(map) => user.customdata = Value::Object(map).to_string(),
        Field::Null => user.customdata = "{}".into(),
        Field::Absent => {}
    }
    // Checked for its type only, then dropped (see the module's note).
    let _ = reader.text("password");
    MetalError::check(errors)?;
    user.updated_at = now_secs();
    store::update_user(&tx, &user)?;
    tx.commit()?;
    Ok(user)
}
