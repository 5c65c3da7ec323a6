//! Tests of the Metal writes' checks: e-mail and date-time rules, address errors.

use super::*;

#[test]
fn e_mails_and_date_times() {
    assert!(is_email("sam@example.com"));
    assert!(is_email("first.last+tag@mail.example.org"));
    for bad in [
        "",
        "sam",
        "sam@",
        "@example.com",
        "sam@example",
        "a b@x.io",
        "a@b@c.io",
    ] {
        assert!(!is_email(bad), "{bad}");
    }
    assert!(is_date_time("2026-01-31T12:00:00Z"));
    assert!(is_date_time("2026-01-31T12:00:00.123+02:00"));
    assert!(!is_date_time("2026-01-31"));
    assert!(!is_date_time("tomorrow at noon"));
}

#[test]
fn an_address_reports_each_missing_field_and_a_bad_country() {
    let body: Map<String, Value> = serde_json::from_str(
        r#"{"address": {"address": " ", "country": "XX", "coordinates": {"latitude": 1.5}}}"#,
    )
    .unwrap();
    let mut errors = Vec::new();
    let mut reader = Reader {
        body: &body,
        label: "",
        errors: &mut errors,
    };
    reader.address("address");
    assert_eq!(
        errors,
        [
            "Address address can't be blank",
            "Address zip code can't be blank",
            "Address country is not a valid ISO 3166-1 alpha-2 country code",
        ]
    );
}
