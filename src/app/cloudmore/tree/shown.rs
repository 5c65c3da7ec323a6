//! The tree's rows as cells, for `E` (export): every row the tree shows, in its order (the
//! organizations the filter and group let through, sorted, with the services, subscriptions
//! and users of those that are expanded below them). The reseller's own row and the
//! "loading…" rows are not data and are left out.

use super::rows::{Item, Node, Tree};
use crate::app::list_view::ShownCells;
use crate::app::store::Store;

const COLUMNS: [&str; 5] = ["Kind", "Name", "Customer number", "Status", "Id"];

pub(super) fn cells(tree: &Tree, store: &Store) -> ShownCells {
    let rows = tree.rows().iter().filter_map(|&row| {
        let cells = match tree.resolve(row, store)? {
            Node::Org(org) => [
                "organization",
                &org.name,
                &org.customer_number,
                if org.is_active { "active" } else { "inactive" },
                &org.id,
            ],
            Node::Item { item, .. } => match item {
                Item::Service(s) => ["service", &s.name, "", &s.status, &s.id],
                Item::Subscription(s) => ["subscription", &s.product_name, "", &s.status, &s.id],
                Item::User(u) => ["user", &u.display_name, "", "", &u.user_id],
            },
            Node::Reseller | Node::Status { .. } => return None,
        };
        Some(cells.map(str::to_string).to_vec())
    });
    ShownCells {
        columns: COLUMNS.map(str::to_string).to_vec(),
        rows: rows.collect(),
    }
}
