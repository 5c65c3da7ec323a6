use std::sync::Arc;

use super::*;
use crate::api::ResourceData;
use crate::app::table::{Column, TableList};

fn node(id: String, name: String, parent: Option<String>) -> OrgNode {
    OrgNode {
        id,
        name,
        parent,
        status: "ACTIVE".into(),
        active: true,
        ..OrgNode::default()
    }
}

/// `tenants` roots, each with `per` children, each of those with one grandchild.
fn hierarchy(tenants: usize, per: usize) -> Vec<OrgNode> {
    let mut nodes = Vec::new();
    for t in 0..tenants {
        let tid = format!("t{t}");
        nodes.push(node(tid.clone(), format!("Tenant {t:02}"), None));
        for c in 0..per {
            let cid = format!("t{t}c{c}");
            nodes.push(node(cid.clone(), format!("Site {c:05}"), Some(tid.clone())));
            nodes.push(node(
                format!("{cid}g"),
                format!("Gateway {t}-{c}"),
                Some(cid),
            ));
        }
    }
    nodes
}

fn table_over(nodes: Vec<OrgNode>) -> TableList {
    let data = Arc::new(ResourceData::Hierarchy(nodes));
    let mut table = TableList::new("Organizations", vec![Column::text("Name", 0)]);
    table.lend(Box::new(HierarchyRows::new(NodeIndex::build(&[data]))));
    table
}

fn rows(table: &TableList) -> &HierarchyRows {
    table.lent().unwrap()
}

fn shown_names(table: &TableList, range: std::ops::Range<usize>) -> Vec<String> {
    range
        .filter_map(|pos| table.shown(pos))
        .map(|row| row.cells[0].clone())
        .collect()
}

#[test]
fn a_hundred_thousand_organizations_build_only_the_rows_in_the_window() {
    // 4 tenants × 12,500 sites × (site + gateway) + 4 = 100,004 organizations.
    let mut table = table_over(hierarchy(4, 12_500));
    assert_eq!(rows(&table).index().len(), 100_004);
    rows(&table).take_built();
    // Closed: the four tenants, first by name.
    assert_eq!(table.len(), 4);
    assert_eq!(
        shown_names(&table, table.window(20)),
        ["▸ Tenant 00", "▸ Tenant 01", "▸ Tenant 02", "▸ Tenant 03"]
    );
    // Opening a tenant shows its 12,500 sites; a frame builds the 20 rows it draws.
    table.lent_mut::<HierarchyRows>().unwrap().expand(0);
    table.refresh();
    assert_eq!(table.len(), 4 + 12_500);
    rows(&table).take_built();
    let window = table.window(20);
    assert_eq!(window, 0..20);
    let drawn = shown_names(&table, window);
    assert_eq!(drawn[1], "  ▸ Site 00000");
    assert_eq!(rows(&table).take_built(), 20, "one row built per row drawn");
    // Moving costs no row building; a page down then draws the next window only.
    table.move_by(5_000);
    assert_eq!(rows(&table).take_built(), 0);
    let window = table.window(20);
    assert_eq!(window.len(), 20);
    shown_names(&table, window);
    assert_eq!(rows(&table).take_built(), 20);
    assert_eq!(table.selected_id(), Some("t0c4999"));
}

#[test]
fn the_filter_keeps_matches_and_their_ancestors_below_closed_nodes() {
    let mut table = table_over(hierarchy(4, 12_500));
    // A gateway two levels down, with every node closed.
    table.filter = tui_input::Input::new("gateway 3-12499".into());
    table.refresh();
    assert_eq!(
        shown_names(&table, 0..table.len()),
        ["▾ Tenant 03", "  ▾ Site 12499", "      Gateway 3-12499"]
    );
    table.move_by(2);
    assert_eq!(table.selected_id(), Some("t3c12499g"));
    // Clearing the filter keeps the match selected and opens the way to it.
    table.clear_filter();
    assert_eq!(table.selected_id(), Some("t3c12499g"));
    assert!(table.len() > 12_500);
}

#[test]
fn new_pages_and_a_reload_keep_what_is_open_the_marks_and_the_selection() {
    let nodes = hierarchy(2, 3);
    let (first, rest) = nodes.split_at(4);
    let first = Arc::new(ResourceData::Hierarchy(first.to_vec()));
    let mut table = TableList::new("Organizations", vec![Column::text("Name", 0)]);
    table.lend(Box::new(HierarchyRows::new(NodeIndex::build(&[first]))));
    // The first page is on screen: tenant 0 and some of its sites.
    table.lent_mut::<HierarchyRows>().unwrap().expand(0);
    table.refresh();
    table.move_by(1);
    table.toggle_mark();
    assert_eq!(table.selected_id(), Some("t0c1"));
    let second = Arc::new(ResourceData::Hierarchy(rest.to_vec()));
    table.lent_mut::<HierarchyRows>().unwrap().append(second);
    table.refresh();
    assert_eq!(table.selected_id(), Some("t0c1"));
    assert!(table.is_marked("t0c0"));
    assert_eq!(
        shown_names(&table, 0..table.len()),
        [
            "▾ Tenant 00",
            "  ▸ Site 00000",
            "  ▸ Site 00001",
            "  ▸ Site 00002",
            "▸ Tenant 01"
        ]
    );
    // A reload (a new list) keeps it all by id.
    let reload = Arc::new(ResourceData::Hierarchy(hierarchy(2, 3)));
    table
        .lent_mut::<HierarchyRows>()
        .unwrap()
        .replace_index(NodeIndex::build(&[reload]));
    table.refresh();
    assert_eq!(table.selected_id(), Some("t0c1"));
    assert_eq!(table.len(), 5);
    // Collapsing a child goes to its parent; collapsing the parent closes it.
    let pos = table.selected();
    assert_eq!(
        table.lent_mut::<HierarchyRows>().unwrap().collapse(pos),
        Err(Some("t0".into()))
    );
}
