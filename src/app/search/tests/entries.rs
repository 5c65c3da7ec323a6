//! A chunk's entries packed in one allocation read back as they were pushed: every kind,
//! texts that are not ASCII, a label too long to keep whole, none at all.

use super::super::*;

#[test]
fn packed_entries_read_back_as_pushed() {
    let mut built = Entries::builder();
    for (n, kind) in Kind::ALL.into_iter().enumerate() {
        built.push(
            kind,
            &format!("Näme {n} ✓"),
            &["lena@acme.se", "", &format!("id-{n}")],
        );
    }
    built.push(Kind::User, "Plain", &[]);
    let entries = built.finish();
    assert_eq!(entries.len(), Kind::COUNT + 1);
    for (n, kind) in Kind::ALL.into_iter().enumerate() {
        let entry = entries.get(n).expect("pushed");
        assert_eq!(entry.kind, kind);
        assert_eq!(entry.label(), format!("Näme {n} ✓"));
        assert_eq!(entry.secondary(), format!("lena@acme.se  id-{n}"));
        assert_eq!(entry.last_part(), Some(format!("id-{n}").as_str()));
        assert!(!entry.ascii);
    }
    let plain = entries.get(Kind::COUNT).expect("pushed");
    assert_eq!((plain.text(), plain.ascii), ("Plain", true));
    assert_eq!(entries.get(Kind::COUNT + 1), None);
    assert_eq!(entries.clone().into_builder().finish(), entries);
}

#[test]
fn no_entries_take_no_room_and_read_as_none() {
    let entries = Entries::builder().finish();
    assert!(entries.is_empty());
    assert_eq!((entries.len(), entries.get(0)), (0, None));
    assert_eq!(&entries, Entries::none());
}

#[test]
fn a_label_past_64_kib_is_kept_to_its_last_whole_character_before() {
    let label = "ä".repeat(40_000);
    let mut built = Entries::builder();
    built.push(Kind::Organization, &label, &["C-1"]);
    let entries = built.finish();
    let entry = entries.get(0).expect("pushed");
    assert_eq!(
        entry.label().len(),
        65_534,
        "a two-byte character is not cut"
    );
    assert!(label.starts_with(entry.label()));
    assert_eq!(entry.secondary(), "C-1");
}
