//! Tests of the parent module.
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

fn table() -> TableList {
    let mut t = TableList::new("t", vec![Column::text("Name", 10), Column::plain("Qty", 5)]);
    t.set_rows(vec![
        TableRow::new("a", vec!["Zeta".into(), "10".into()]),
        TableRow::new("b", vec!["alpha".into(), "9".into()]),
        TableRow::new("c", vec!["Beta".into(), "100".into()]),
    ]);
    t
}

fn ids(t: &TableList) -> Vec<String> {
    (0..t.counts().0)
        .map(|i| t.shown(i).unwrap().id.clone())
        .collect()
}

fn typed(t: &mut TableList, text: &str) {
    for c in text.chars() {
        t.edit_filter(&Event::Key(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

#[test]
fn sorts_text_case_insensitively_and_numbers_numerically() {
    let mut t = table();
    assert_eq!(ids(&t), ["a", "b", "c"], "load order until sorted");
    t.cycle_sort();
    assert_eq!(ids(&t), ["b", "c", "a"]);
    t.flip_sort();
    assert_eq!(ids(&t), ["a", "c", "b"]);
    t.cycle_sort();
    assert_eq!(t.sort.unwrap().column, 1);
    assert_eq!(ids(&t), ["b", "a", "c"], "9 < 10 < 100");
    t.cycle_sort();
    assert_eq!(t.sort.unwrap().column, 0, "wraps to the first column");
}

#[test]
fn filters_searchable_columns_only_and_counts() {
    let mut t = table();
    typed(&mut t, "ETA");
    assert_eq!(ids(&t), ["a", "c"]);
    assert_eq!(t.count_text(), "2 of 3");
    t.clear_filter();
    typed(&mut t, "10");
    assert!(ids(&t).is_empty(), "the quantity column is not searched");
    assert!(t.clear_filter());
    assert_eq!(t.count_text(), "3");
}

#[test]
fn filter_words_match_in_any_order_the_text_as_typed_first_whatever_the_sort() {
    let mut t = TableList::new(
        "t",
        vec![Column::text("Name", 10), Column::text("E-mail", 10)],
    );
    t.set_rows(vec![
        TableRow::new(
            "a",
            vec!["Aalto Office Supplies".into(), "a@aalto.fi".into()],
        ),
        TableRow::new("b", vec!["Zeta Aalto Supplies".into(), "z@zeta.fi".into()]),
        TableRow::new("c", vec!["Aalto Bakery".into(), "c@bakery.fi".into()]),
    ]);
    typed(&mut t, "supplies aalto");
    assert_eq!(ids(&t), ["a", "b"], "any order");
    t.clear_filter();
    typed(&mut t, "aalto supplies");
    assert_eq!(ids(&t), ["b", "a"], "as typed first");
    t.cycle_sort();
    t.flip_sort();
    assert_eq!(ids(&t), ["b", "a"], "and kept first under a sort");
    t.clear_filter();
    typed(&mut t, "bakery c@");
    assert_eq!(ids(&t), ["c"], "words from two columns");
}

#[test]
fn selection_follows_the_row_id_across_reloads_and_sorts() {
    let mut t = table();
    t.move_by(2);
    assert_eq!(t.selected_id(), Some("c"));
    t.cycle_sort();
    assert_eq!(t.selected_id(), Some("c"));
    t.set_rows(vec![
        TableRow::new("c", vec!["Beta".into(), "1".into()]),
        TableRow::new("d", vec!["Alder".into(), "1".into()]),
    ]);
    assert_eq!(t.selected_id(), Some("c"));
    t.set_rows(vec![TableRow::new("d", vec!["Alder".into(), "1".into()])]);
    assert_eq!(
        t.selected_id(),
        Some("d"),
        "a vanished row leaves a valid one"
    );
}

#[test]
fn a_row_selected_before_it_loads_is_selected_when_it_does() {
    let mut t = table();
    assert!(!t.select_id("new"));
    assert_eq!(t.selected_row(), None, "nothing else acts meanwhile");
    let mut rows = t.rows().to_vec();
    rows.push(TableRow::new("new", vec!["New".into(), "1".into()]));
    t.set_rows(rows);
    assert_eq!(t.selected_id(), Some("new"));
    t.select_id("gone");
    t.set_rows(t.rows().to_vec());
    assert!(
        t.selected_row().is_some(),
        "a load without it gives up waiting"
    );
}

#[test]
fn rows_are_rebuilt_only_from_new_data() {
    use crate::api::ResourceData;
    let mut t = table();
    let data: SharedData = std::sync::Arc::new(ResourceData::Users(vec![]));
    t.sync_from(vec![data.clone()], Vec::new);
    assert_eq!(t.counts(), (0, 0));
    t.sync_from(vec![data], || vec![TableRow::new("x", vec![])]);
    assert_eq!(t.counts(), (0, 0), "the same data: nothing rebuilt");
}

#[test]
fn marks_survive_filter_sort_and_reload_and_drop_vanished_rows() {
    let mut t = table();
    t.toggle_mark();
    assert_eq!(t.selected_id(), Some("b"), "Space moves down");
    assert!(t.is_marked("a"));
    t.move_by(1);
    t.mark_range();
    assert_eq!(t.marked_count(), 3, "a..c");
    assert!(t.clear_marks());
    typed(&mut t, "eta");
    t.mark_all_shown();
    assert_eq!(t.marked_count(), 2, "only what the filter shows");
    t.clear_filter();
    t.cycle_sort();
    assert_eq!(
        t.targets()
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["a", "c"]
    );
    t.set_rows(vec![TableRow::new("c", vec!["Beta".into(), "1".into()])]);
    assert_eq!(t.marked_count(), 1, "a vanished: its mark goes");
    t.clear_marks();
    assert_eq!(
        t.targets().len(),
        1,
        "nothing marked: the row under the cursor"
    );
}

#[test]
fn a_sort_key_replaces_the_cell_text_when_sorting() {
    let mut t = TableList::new("t", vec![Column::plain("Seen", 10)]);
    t.set_rows(vec![
        TableRow::new("recent", vec!["2 days ago".into()]).sort_key(0, "-2"),
        TableRow::new("never", vec!["never".into()]).sort_key(0, "-1000000"),
        TableRow::new("old", vec!["400 days ago".into()]).sort_key(0, "-400"),
    ]);
    t.cycle_sort();
    assert_eq!(ids(&t), ["never", "old", "recent"]);
}

#[test]
fn window_covers_only_the_visible_rows() {
    let mut t = TableList::new("t", vec![Column::text("N", 0)]);
    t.set_rows(
        (0..1000)
            .map(|i| TableRow::new(i.to_string(), vec![format!("row {i}")]))
            .collect(),
    );
    assert_eq!(t.window(10), 0..10);
    t.move_by(500);
    assert_eq!(t.window(10), 491..501);
}

#[test]
fn a_filter_typed_at_the_bottom_shows_its_matches_and_selects_the_first() {
    let mut t = TableList::new("t", vec![Column::text("Name", 10)]);
    let rows = (0..200).map(|i| {
        let name = if i % 50 == 7 {
            format!("alpine {i}")
        } else {
            format!("org {i}")
        };
        TableRow::new(i.to_string(), vec![name])
    });
    t.set_rows(rows.collect());
    t.move_by(isize::MAX);
    assert_eq!(t.window(10), 190..200);
    typed(&mut t, "alpine");
    assert_eq!(t.counts().0, 4);
    assert_eq!(
        t.window(10),
        0..4,
        "every match on screen, none scrolled off above"
    );
    assert_eq!(
        t.selected_id(),
        Some("7"),
        "the first match, as the last row is gone"
    );
    t.move_by(2);
    typed(&mut t, " 1");
    assert_eq!(
        t.selected_id(),
        Some("107"),
        "a selection that still matches stays"
    );
}

#[test]
fn updating_one_row_changes_its_cells_and_filter_key_but_not_the_view_until_asked() {
    let mut t = table();
    t.cycle_sort();
    typed(&mut t, "a");
    assert_eq!(ids(&t), ["b", "c", "a"]);
    assert!(t.select_id("c"));
    t.update_row(2, |row| {
        row.cells[0] = "Omen".into();
        row.tone = RowTone::Dim;
    });
    t.update_row(99, |row| row.cells.clear());
    assert_eq!(t.times_replaced(), 1, "no reload: only the one row changed");
    assert_eq!(t.rows()[2].cells[0], "Omen");
    assert_eq!(t.rows()[2].tone, RowTone::Dim);
    assert_eq!(
        ids(&t),
        ["b", "c", "a"],
        "the row keeps its place while it updates"
    );
    assert_eq!(t.selected_id(), Some("c"));
    t.refresh();
    assert_eq!(
        ids(&t),
        ["b", "a"],
        "\"Omen\" has no \"a\": the filter leaves it out now"
    );
    assert_eq!(
        t.selected_id(),
        Some("a"),
        "the selection stays in the list"
    );
    t.clear_filter();
    typed(&mut t, "ome");
    assert_eq!(ids(&t), ["c"], "the filter searches the new text");
}
