//! Which rows of a long list are on screen: the first one shown and how many fit, kept by the
//! list and moved by drawing (drawing only borrows the app, hence the cells). One rule for every
//! list: scroll just enough to show the selection, never past the last full screen.

use std::cell::Cell;
use std::ops::Range;

#[derive(Debug)]
pub struct Viewport {
    offset: Cell<usize>,
    height: Cell<usize>,
}

impl Viewport {
    /// A viewport assumed `height` lines tall until it is first drawn.
    pub fn new(height: usize) -> Viewport {
        Viewport {
            offset: Cell::new(0),
            height: Cell::new(height),
        }
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
}
