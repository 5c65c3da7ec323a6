//! Drawing. Every function here only reads the [`App`]; each screen lives in its own file and
//! every server string passes through [`text`] on its way to the screen.

mod activity;
mod bulk_run;
mod choice_picker;
mod cloudmore;
mod confirm;
mod conflict;
mod fields;
mod form;
mod fresh;
mod header;
mod help;
mod hierarchy;
mod hierarchy_people;
mod input;
mod palette;
mod raw_view;
mod reader;
mod search;
mod status;
mod table;
pub mod text;
pub mod theme;

// Cloudmore's screens, drawn from their folder.
use cloudmore::{
    admins, assignment, catalog, groups, people, subscriptions, tree, tree_detail, users,
};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Block, Clear};

use crate::app::screen::Screen;
use crate::app::{App, Mode};

/// Draws the whole screen for the current state.
pub fn draw(frame: &mut Frame, app: &App) {
    let [header_area, main, status_area, hints_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    header::draw(frame, header_area, app);
    app.main_area.set(main);
    match app.top() {
        None => {}
        Some(Screen::Tree(root)) => {
            let [tree_area, detail_area] =
                Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
                    .areas(main);
            tree::draw(frame, tree_area, app, root);
            tree_detail::draw(frame, detail_area, app, root);
        }
        Some(Screen::Catalog(catalog)) => catalog::draw(frame, main, app, catalog),
        Some(Screen::Subscriptions(subs)) => subscriptions::draw(frame, main, app, subs),
        Some(Screen::Assignment(assignment)) => assignment::draw(frame, main, app, assignment),
        Some(Screen::Bulk(run)) => bulk_run::draw(frame, main, app, run),
        Some(Screen::Activity(activity)) => activity::draw(frame, main, app, activity),
        Some(Screen::Users(users)) => users::draw(frame, main, app, users),
        Some(Screen::Admins(admins)) => admins::draw(frame, main, app, admins),
        Some(Screen::Hierarchy(screen)) => hierarchy::draw(frame, main, app, screen),
        Some(Screen::People(screen)) => hierarchy_people::draw(frame, main, app, screen),
        Some(Screen::Groups(screen)) => groups::draw(frame, main, app, screen),
    }
    match &app.mode {
        Mode::Form(dialog) => {
            form::draw(frame, main, &dialog.form, app.spinner);
            if let Some(conflict) = dialog.purpose.conflict() {
                conflict::draw(frame, main, app, conflict);
            }
            if let Some(picker) = &dialog.picker {
                choice_picker::draw(frame, main, picker);
            }
        }
        Mode::Confirm(confirm) => confirm::draw(frame, main, confirm),
        Mode::Browse | Mode::Filter => {}
    }
    if let Some(palette) = &app.palette {
        palette::draw(frame, main, app, palette);
    }
    if let Some(open) = &app.search.open {
        search::draw(frame, main, app, open);
    }
    if let Some(reader) = &app.reader {
        reader::draw(frame, main, reader);
    }
    if let Some(view) = &app.raw {
        raw_view::draw(frame, main, view);
    }
    if let Some(path) = app.export.input() {
        let hint = " Path (.json writes JSON, anything else CSV):";
        input::path_prompt(frame, main, path, " Export what the list shows ", hint);
    }
    if let Some(view) = &app.help {
        help::draw(frame, main, app, view);
    }
    status::draw(frame, status_area, hints_area, app);
}

/// The label/value pairs of the detail pane on screen, whole: the tree's, the selected user's
/// or administrator's (empty elsewhere). Listed by the code that draws the pane, so `f` picks
/// exactly what shows.
pub fn detail_values(app: &App) -> Vec<(String, String)> {
    let mut out = fields::Lines::new(usize::MAX / 2);
    match app.top() {
        Some(Screen::Tree(root)) => tree_detail::fill(&mut out, app, root),
        Some(Screen::Users(users)) => users::fill(&mut out, app, users),
        Some(Screen::Admins(admins)) => admins::fill(&mut out, app, admins),
        Some(Screen::Hierarchy(screen)) => hierarchy::fill(&mut out, app, screen),
        _ => {}
    }
    out.values
}

/// Clears a centred box of at most `width` x `height` inside `area`, draws its frame and
/// returns the inside.
fn popup(frame: &mut Frame, area: Rect, width: u16, height: u16, title: &str) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    let rect = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let block = Block::bordered()
        .title(format!(" {title} "))
        .title_style(theme::title())
        .border_style(theme::focused_border());
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    inner
}
