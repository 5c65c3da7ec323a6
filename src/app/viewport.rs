//! Which rows of a long list are on screen: the first one shown and how many fit, kept by the
//! list and moved by drawing (drawing only borrows the app, hence the cells). One rule for every
//! list: scroll just enough to show the selection, never past the last full screen. Drawing
//! also says where the list went on the screen, so a mouse click can name the row under it.

use std::cell::Cell;
use std::ops::Range;

use ratatui::layout::{Position, Rect};

#[derive(Debug)]
pub struct Viewport {
    offset: Cell<usize>,
    height: Cell<usize>,
    /// The list's pane (its border included) and its rows' lines, as last drawn.
    drawn: Cell<Option<(Rect, Rect)>>,
}

impl Viewport {
    /// A viewport assumed `height` lines tall until it is first drawn.
    pub fn new(height: usize) -> Viewport {
        Viewport {
            offset: Cell::new(0),
            height: Cell::new(height),
            drawn: Cell::new(None),
        }
    }

    /// Drawing says where the list went: `pane` holds it all, `rows` is where its first
    /// shown row (the window's) is the top line.
    pub fn drawn_at(&self, pane: Rect, rows: Rect) {
        self.drawn.set(Some((pane, rows)));
    }

    /// Whether the point is inside the list's pane, as last drawn.
    pub fn in_pane(&self, column: u16, row: u16) -> bool {
        (self.drawn.get()).is_some_and(|(pane, _)| pane.contains(Position::new(column, row)))
    }

    /// The position (in the shown rows) of the row drawn at the point, if one is there.
    pub fn row_at(&self, column: u16, row: u16, len: usize) -> Option<usize> {
        let (_, rows) = self.drawn.get()?;
        if !rows.contains(Position::new(column, row)) {
            return None;
        }
        let at = self.offset.get() + (row - rows.y) as usize;
        (at < len).then_some(at)
    }

    /// The positions to draw in `height` lines, of `len`, with `selected` in view. When the
    /// rows shrink (a filter), the ones above come back into view instead of blank lines below.
    pub fn window(&self, selected: usize, len: usize, height: usize) -> Range<usize> {
        let height = height.max(1);
        self.height.set(height);
        let mut offset = self.offset.get().min(len.saturating_sub(height));
        if selected < offset {
            offset = selected;
        } else if selected >= offset + height {
            offset = selected + 1 - height;
        }
        self.offset.set(offset);
        offset..(offset + height).min(len)
    }

    /// The last height drawn.
    pub fn height(&self) -> usize {
        self.height.get()
    }

    /// One screen of rows for page moves, from the last window drawn.
    pub fn page(&self) -> isize {
        self.height.get().max(2) as isize - 1
    }

    /// Back to the top (the rows were replaced).
    pub fn reset(&self) {
        self.offset.set(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_scrolls_just_enough_and_never_past_the_last_screen() {
        let view = Viewport::new(10);
        assert_eq!(view.window(0, 100, 10), 0..10);
        assert_eq!(
            view.window(12, 100, 10),
            3..13,
            "just enough to show row 12"
        );
        assert_eq!(view.window(5, 100, 10), 3..13, "still in view: no scroll");
        assert_eq!(
            view.window(5, 8, 10),
            0..8,
            "the rows shrank: all back in view"
        );
        assert_eq!(view.page(), 9);
    }

    #[test]
    fn a_point_names_the_row_drawn_there() {
        let view = Viewport::new(10);
        view.window(12, 100, 10);
        assert_eq!(view.row_at(5, 5, 100), None, "not drawn yet");
        view.drawn_at(Rect::new(0, 2, 40, 13), Rect::new(1, 4, 38, 10));
        assert_eq!(view.row_at(5, 4, 100), Some(3), "the window starts at 3");
        assert_eq!(view.row_at(5, 13, 100), Some(12));
        assert_eq!(view.row_at(5, 14, 100), None, "below the rows");
        assert_eq!(view.row_at(5, 13, 10), None, "past the last row");
        assert!(view.in_pane(0, 2) && !view.in_pane(40, 2));
    }
}
