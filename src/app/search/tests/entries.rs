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
        assert_eq!(
            entry.secondary(&entry.text()),
            format!("lena@acme.se  id-{n}")
        );
        assert_eq!(
            entry.last_part().as_deref(),
            Some(format!("id-{n}").as_str())
        );
        assert!(!entry.ascii);
    }
    let plain = entries.get(Kind::COUNT).expect("pushed");
    assert_eq!((plain.text().as_str(), plain.ascii), ("Plain", true));
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
    assert_eq!(entry.secondary(&entry.text()), "C-1");
}

const IDS: [&str; 3] = [
    "3f2504e0-4f89-41d3-9a0c-0305e82c3301",
    "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
    "1b4e28ba-2fa1-41d2-883f-0016d3cca427",
];

fn people(ids: &[&str]) -> Entries {
    let mut built = Entries::builder();
    for (n, id) in ids.iter().enumerate() {
        built.push(
            Kind::User,
            &format!("User {n}"),
            &[&format!("u{n}@acme.se"), id],
        );
    }
    built.finish()
}

#[test]
fn ids_written_as_guids_are_kept_in_16_bytes_and_read_back_as_sent() {
    let packed = people(&IDS);
    let as_text = people(&["u-1", "u-2", "u-3"]);
    let texts = |entries: &Entries| entries.iter().map(|e| e.text()).collect::<Vec<_>>();
    // Each id's 38 characters (its separator too) are 16 bytes; "u-1" and its are 5.
    assert_eq!(packed.bytes(), as_text.bytes() - 3 * (2 + 3) + 3 * 16);
    for (n, entry) in packed.iter().enumerate() {
        assert_eq!(entry.text(), format!("User {n}  u{n}@acme.se  {}", IDS[n]));
        assert_eq!(entry.last_part().as_deref(), Some(IDS[n]));
        assert_eq!(
            entry.secondary(&entry.text()),
            format!("u{n}@acme.se  {}", IDS[n])
        );
        assert_eq!(entry.secondary_start(), "User 0".len() + 2);
        assert!(entry.ascii);
    }
    assert_eq!(
        texts(&packed.clone().into_builder().finish()),
        texts(&packed)
    );
}

#[test]
fn a_chunk_with_one_id_that_is_not_a_guid_keeps_every_id_as_text() {
    let upper = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
    for odd in [upper, "u-7", ""] {
        let ids = [IDS[0], IDS[1], odd, IDS[2]];
        let entries = people(&ids);
        assert_eq!(entries.len(), 4);
        for (n, entry) in entries.iter().enumerate() {
            let shown = match ids[n] {
                "" => format!("User {n}  u{n}@acme.se"),
                id => format!("User {n}  u{n}@acme.se  {id}"),
            };
            assert_eq!(entry.text(), shown, "{odd:?}");
        }
    }
}

#[test]
fn a_packed_id_is_found_by_a_piece_of_it_and_its_characters_marked() {
    let source = super::Fixed {
        chunks: vec![people(&IDS)],
        version: 1,
    };
    let results = Searcher::default().search(&source, "4bad-9bdd");
    let hit = results.hits().next().expect("found by its id");
    let entry = source.entry(hit.id).expect("an entry");
    assert_eq!(entry.last_part().as_deref(), Some(IDS[1]));
    let text = entry.text();
    let marked: String = (hit.indices.iter())
        .map(|&i| text.chars().nth(i as usize).unwrap())
        .collect();
    assert_eq!(marked, "4bad-9bdd");
}

#[test]
fn entries_in_parts_name_their_rows_and_copy_without_some_as_they_were() {
    let guid = |n: u32| format!("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dc{n:03x}");
    let mut built = Entries::builder();
    built.part(7);
    built.push(Kind::User, "Lena", &["lena@acme.se", &guid(1)]);
    built.push(Kind::User, "Olle", &["olle@acme.se", &guid(2)]);
    built.part(9);
    built.part(11);
    built.push(Kind::Service, "Microsoft 365", &["Microsoft", &guid(3)]);
    let entries = built.finish();
    let parts: Vec<_> = entries.parts().collect();
    assert_eq!(parts, [(7, 0..2), (9, 2..2), (11, 2..3)]);
    assert_eq!(entries.part_of(1), Some((7, 0..2)));
    assert_eq!(
        entries.part_of(2),
        Some((11, 2..3)),
        "an empty part holds no row"
    );
    let without = entries.without(|name| name == 7);
    assert_eq!(without.parts().collect::<Vec<_>>(), [(9, 0..0), (11, 0..1)]);
    let service = without.get(0).expect("kept");
    assert_eq!(service.text(), entries.get(2).expect("pushed").text());
    assert_eq!(service.last_part().as_deref(), Some(guid(3).as_str()));
    let copied = entries.without(|_| false);
    assert_eq!(
        copied, entries,
        "a copy of all is the same bytes, ids packed"
    );
    // Entries whose ids are not GUIDs are copied with their ids in their text.
    let mut built = Entries::builder();
    built.part(1);
    built.push(Kind::User, "Lena", &["lena@acme.se", "u-1"]);
    let plain = built.finish();
    assert_eq!(plain.without(|_| false), plain);
}
