//! The search box over every screen: what is typed, the results of it and the hit selected.
//! The app keeps one [`Search`] for the whole session, so the entries built from the store and
//! the matcher's scratch space outlive the box: opening it again costs nothing when nothing
//! was loaded meanwhile.

use ratatui::crossterm::event::Event;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use std::time::{Duration, Instant};

use super::{LoadedSource, Results, SearchSource, Searcher, Sources, Target};
use crate::api::indexer::IndexedLists;
use crate::app::commands::CommandId;
use crate::app::store::Store;
use crate::app::{App, Mode};

/// The open box.
#[derive(Debug, Default)]
pub struct SearchBox {
    pub input: Input,
    /// Position among the hits as drawn (group after group).
    pub selected: usize,
    pub results: Results,
}

/// The session's search: its source, its matcher, and the box while it is open.
#[derive(Debug)]
pub struct Search {
    pub source: Sources,
    searcher: Searcher,
    pub open: Option<SearchBox>,
    /// When the open box's results were last made, and whether what arrived since is still
    /// to be searched: over a million entries a search takes a while, and the indexer's
    /// answers come several a second, so they are searched at most every [`REFRESH_EVERY`].
    searched_at: Option<Instant>,
    pub(crate) behind: bool,
    /// What the indexer read while the box is open, put in when it is next searched again
    /// (at most every [`REFRESH_EVERY`]): a source changed under a search starts it again,
    /// the indexer's batches would keep doing so, and the hits shown would point at rows that
    /// moved.
    waiting: Vec<IndexedLists>,
    /// When the hits shown were made: while a search goes on, they are made again at most
    /// every [`SHOW_EVERY`], as making them (the best of each kind, their highlights) costs a
    /// slice's worth in a debug build.
    shown_at: Option<Instant>,
}

/// How often what arrives while the box is open is searched again (typing always is).
const REFRESH_EVERY: Duration = Duration::from_secs(1);
/// How long a search works before a frame shows how far it is: a keystroke is answered by a
/// frame within about this, however many entries there are.
pub const SLICE: Duration = Duration::from_millis(8);
/// How often the hits shown follow a search under way.
const SHOW_EVERY: Duration = Duration::from_millis(50);

impl Search {
    pub fn new(source: LoadedSource) -> Search {
        Search {
            source: Sources::new(source),
            searcher: Searcher::default(),
            open: None,
            searched_at: None,
            behind: false,
            waiting: Vec::new(),
            shown_at: None,
        }
    }

    /// Starts searching what is typed, searches for a slice of time and shows the hits so
    /// far. `was`: where the selection pointed, so it stays on that hit, not on its row.
    fn run(&mut self, was: Option<Target>) {
        let Some(open) = &self.open else {
            return;
        };
        self.searched_at = Some(Instant::now());
        self.behind = false;
        self.searcher.start(&self.source, open.input.value());
        self.slice();
        self.show(was);
    }

    /// Whether a search is under way in the open box: the console gives it slice after slice,
    /// drawing between them.
    pub fn searching(&self) -> bool {
        self.open.is_some() && !self.searcher.finished()
    }

    /// One more slice of the search under way; returns whether the hits shown changed: they
    /// are made again once it is through, else at most every [`SHOW_EVERY`].
    pub(crate) fn step(&mut self) -> bool {
        if !self.searching() {
            return false;
        }
        let finished = self.slice();
        let due = (self.shown_at).is_none_or(|at| at.elapsed() >= SHOW_EVERY);
        if !(finished || due) {
            return false;
        }
        // The source did not change since the hits shown were made: the choice is theirs.
        let was = self.chosen();
        self.show(was);
        true
    }

    /// Searches for a slice of time; returns whether the search is through.
    fn slice(&mut self) -> bool {
        (self.searcher).advance(&self.source, Some(Instant::now() + SLICE))
    }

    /// Shows the hits so far, the selection on the hit `was` points at if it is among them.
    fn show(&mut self, was: Option<Target>) {
        self.shown_at = Some(Instant::now());
        let Some(open) = &mut self.open else {
            return;
        };
        open.results = self.searcher.results(&self.source);
        let hits = open.results.hits().count();
        open.selected = open.selected.min(hits.saturating_sub(1));
        if let Some(was) = was {
            let source = &self.source;
            let mut targets = open.results.hits().map(|hit| source.target(hit.id));
            if let Some(at) = targets.position(|target| target.as_ref() == Some(&was)) {
                open.selected = at;
            }
        }
    }

    /// What the indexer read: in the index now, or, while the box is open, when it is next
    /// searched again (so the hits shown keep pointing where they did).
    pub(crate) fn put_indexed(&mut self, lists: Vec<IndexedLists>) {
        match self.open.is_some() {
            true => {
                self.waiting.extend(lists);
                self.behind = true;
            }
            false => self.source.indexed.put(lists),
        }
    }

    /// Whether anything arrived that the open box has not searched: the indexer's lists
    /// waiting, or the store moved on.
    fn has_news(&self, store: &Store) -> bool {
        !self.waiting.is_empty() || self.source.loaded.behind(store)
    }

    /// The source brought up to date (what waited put in, the store's lists caught up with)
    /// and the query searched again over it, the selection kept on its hit. The source changes
    /// only here, when the box opens and when it closes: hits shown always point into the
    /// source as it is.
    pub(crate) fn again(&mut self, store: &Store) {
        // Where the selection points, read before the source moves under the hits shown.
        let was = self.chosen();
        if !self.waiting.is_empty() {
            self.source.indexed.put(std::mem::take(&mut self.waiting));
        }
        self.source.update(store);
        self.run(was);
    }

    /// Where the selected hit points.
    pub fn chosen(&self) -> Option<Target> {
        let open = self.open.as_ref()?;
        let hit = open.results.hits().nth(open.selected)?;
        self.source.target(hit.id)
    }

    /// The box closes: a search under way stops, and what waited goes in.
    pub(crate) fn close(&mut self) {
        self.open = None;
        if !self.waiting.is_empty() {
            self.source.indexed.put(std::mem::take(&mut self.waiting));
        }
    }
}

/// `:find jane` in the palette: the query after the command's name.
pub fn typed_in_palette(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix("find")?;
    rest.starts_with(' ').then(|| rest.trim_start())
}

impl App {
    /// Whether a search is under way in the open search box: the event loop gives it a slice
    /// ([`App::search_step`]) whenever nothing else is ready.
    pub fn searching(&self) -> bool {
        self.search.searching()
    }

    /// One more slice of the search under way (about 8 ms); returns whether the hits shown
    /// changed (they follow it every 50 ms, and once it is through).
    pub fn search_step(&mut self) -> bool {
        self.search.step()
    }

    /// Opens the box (over whatever overlay was open) with `typed` in it.
    pub(crate) fn open_search(&mut self, typed: &str) {
        self.help = None;
        self.palette = None;
        self.reader = None;
        self.search.close();
        self.search.source.update(&self.store);
        self.search.open = Some(SearchBox {
            input: typed.to_string().into(),
            ..SearchBox::default()
        });
        self.search.run(None);
    }

    pub(crate) fn search_command(&mut self, id: CommandId) {
        let Some(open) = &mut self.search.open else {
            return;
        };
        let hits = open.results.hits().count();
        match id {
            CommandId::SearchUp | CommandId::SearchDown if hits > 0 => {
                let delta = if id == CommandId::SearchUp { -1 } else { 1 };
                let at = open.selected as isize + delta;
                open.selected = at.rem_euclid(hits as isize) as usize;
            }
            CommandId::SearchRun => match self.search.chosen() {
                Some(target) => {
                    self.search.close();
                    self.jump_to(&target);
                }
                None => self.flash_info("nothing to open: type part of a name, e-mail or id"),
            },
            CommandId::SearchClose => self.search.close(),
            _ => {}
        }
    }

    /// A key for the box's input.
    pub(crate) fn search_edit(&mut self, event: &Event) {
        let Some(open) = &mut self.search.open else {
            return;
        };
        if open.input.handle_event(event).is_some_and(|c| c.value) {
            open.selected = 0;
            self.search.run(None);
        }
    }

    /// Something loaded: while the box is open, its results follow, at most every
    /// [`REFRESH_EVERY`] (the tick catches up with the rest). A search under way is left to
    /// finish first.
    pub(crate) fn refresh_search(&mut self) {
        let search = &mut self.search;
        if search.open.is_none() {
            return;
        }
        let recent = (search.searched_at).is_some_and(|at| at.elapsed() < REFRESH_EVERY);
        if search.searching() || recent {
            search.behind |= search.has_news(&self.store);
            return;
        }
        if search.has_news(&self.store) || search.behind {
            search.again(&self.store);
        }
    }

    /// Why the search cannot open now: a form or dialog would lose what was typed in it.
    pub(crate) fn search_refusal(&self, id: CommandId) -> Option<String> {
        let busy = matches!(self.mode, Mode::Form(_) | Mode::Confirm(_));
        (id == CommandId::Search && busy)
            .then(|| "close the form or dialog first (Esc), then search".to_string())
    }
}
