//! Marks on a table list: kept by row id (see the module doc of `table`), set with Space, `V`
//! and Ctrl-A, and read by bulk commands through [`TableList::targets`].

use super::{TableList, TableRow};

impl TableList {
    /// Space: marks or unmarks the selected row, then moves down so marking runs on.
    pub fn toggle_mark(&mut self) {
        if !self.rows.markable() {
            // A bulk run's lent rows cannot be marked.
            return;
        }
        let Some(id) = self.selected_id().map(str::to_string) else {
            return;
        };
        if !self.marks.remove(&id) {
            self.marks.insert(id.clone());
        }
        self.anchor = Some(id);
        self.move_by(1);
    }

    /// `V`: marks every shown row between the last one marked (or the first row) and the
    /// selection, both included.
    pub fn mark_range(&mut self) {
        if !self.rows.markable() || self.selected_id().is_none() {
            return;
        }
        let from = self
            .anchor
            .as_ref()
            .and_then(|id| {
                let index = self.rows.position_of(id)? as u32;
                self.view.iter().position(|&i| i == index)
            })
            .unwrap_or(0);
        let (a, b) = (from.min(self.selected), from.max(self.selected));
        let ids: Vec<String> = (a..=b)
            .filter_map(|pos| self.rows.id(self.view[pos] as usize))
            .collect();
        self.marks.extend(ids);
        self.anchor = self.selected_id().map(str::to_string);
    }

    /// Ctrl-A: marks every row the filter shows (rows filtered out stay as they are).
    pub fn mark_all_shown(&mut self) {
        if !self.rows.markable() {
            return;
        }
        let ids: Vec<String> = self
            .view
            .iter()
            .filter_map(|&i| self.rows.id(i as usize))
            .collect();
        self.marks.extend(ids);
    }

    /// Clears every mark; returns whether there were any.
    pub fn clear_marks(&mut self) -> bool {
        self.anchor = None;
        let had = !self.marks.is_empty();
        self.marks.clear();
        had
    }

    pub fn is_marked(&self, id: &str) -> bool {
        self.marks.contains(id)
    }

    /// The ids of the marked rows, in no order (lent rows' marks included).
    pub fn marked_ids(&self) -> impl Iterator<Item = &str> {
        self.marks.iter().map(String::as_str)
    }

    /// Drops the marks whose rows are gone (after a reload of lent rows).
    pub fn retain_marks(&mut self, keep: impl Fn(&str) -> bool) {
        self.marks.retain(|id| keep(id));
    }

    pub fn marked_count(&self) -> usize {
        self.marks.len()
    }

    /// What an action applies to: the marked rows in load order, or with nothing marked the
    /// row under the cursor.
    pub fn targets(&self) -> Vec<&TableRow> {
        if self.marks.is_empty() {
            return self.selected_held().into_iter().collect();
        }
        self.rows()
            .iter()
            .filter(|r| self.marks.contains(&r.id))
            .collect()
    }
}
