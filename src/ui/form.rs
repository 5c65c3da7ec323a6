//! Draws a [`Form`]: one line per field (label, value, inline error), then the error summary,
//! the form-level message and "saving…"; the discard question sits on top when asked. A
//! disabled field shows dimmed, and the focused field's completions are listed under the form.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{input, popup, text, theme};
use crate::app::form::{Field, FieldKind, Form};

/// Pointer, space, the required star and a space around a label.
const LABEL_FRAME: usize = 4;
/// The label column is never narrower than this (short labels line up across forms)...
const MIN_LABEL_WIDTH: usize = 23;
/// ...and the value column never narrower than this while the form has the room.
const MIN_VALUE_WIDTH: usize = 28;

/// How the form's width is shared: labels as wide as the longest (up to a third of the form),
/// values two fifths of the rest, remarks (errors, notes, which say more) what is left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    label: usize,
    value: usize,
}

impl Columns {
    fn of(form: &Form, width: usize) -> Columns {
        let longest = form
            .fields
            .iter()
            .map(|f| text::width(&text::sanitize(&f.label)))
            .max()
            .unwrap_or(0);
        let label = (longest + LABEL_FRAME)
            .max(MIN_LABEL_WIDTH)
            .min((width / 3).max(LABEL_FRAME + 1));
        let rest = width.saturating_sub(label);
        let value = (rest * 2 / 5).max(MIN_VALUE_WIDTH.min(rest));
        Columns { label, value }
    }
}

pub fn draw(frame: &mut Frame, area: Rect, form: &Form, spinner: usize) {
    let inner = popup(frame, area, area.width, area.height, &form.title);
    let width = inner.width as usize;
    // Messages first: fields get what is left and scroll to keep the focus in view.
    let footer = footer(form, spinner, width);
    let fields_height = (inner.height as usize)
        .saturating_sub(footer.len() + 1)
        .max(1);
    let offset = (form.focus + 1).saturating_sub(fields_height);
    let columns = Columns::of(form, width);
    let mut lines = Vec::new();
    for (i, field) in form
        .fields
        .iter()
        .enumerate()
        .skip(offset)
        .take(fields_height)
    {
        let (line, cursor) = field_line(form, i, field, width, columns);
        if let Some(x) = cursor {
            let y = inner.y + (i - offset) as u16;
            frame.set_cursor_position((inner.x + x, y));
        }
        lines.push(line);
    }
    lines.resize(fields_height, Line::default());
    lines.push(Line::default());
    lines.extend(footer);
    frame.render_widget(Paragraph::new(lines), inner);
    if form.confirm_discard {
        let question = popup(frame, area, 44, 4, "Discard changes?");
        let line = Line::from(vec![
            Span::styled(" y", theme::key()),
            Span::raw(" discard   "),
            Span::styled("n", theme::key()),
            Span::raw("/"),
            Span::styled("Esc", theme::key()),
            Span::raw(" keep editing"),
        ]);
        frame.render_widget(
            Paragraph::new(vec![Line::raw(" You changed this form."), line]),
            question,
        );
    }
}

/// The line of one field and, for the focused text field, the cursor column.
fn field_line(
    form: &Form,
    index: usize,
    field: &Field,
    width: usize,
    columns: Columns,
) -> (Line<'static>, Option<u16>) {
    let label_width = columns.label - LABEL_FRAME;
    let value_width = columns.value;
    let focused = index == form.focus;
    let star = if field.required { "*" } else { " " };
    // Labels can be server text (custom property names): sanitized and cut to the column.
    let label = format!(
        "{} {:>w$}{star} ",
        if focused { "›" } else { " " },
        text::fit(&field.label, label_width),
        w = label_width
    );
    let label_style = if focused { theme::key() } else { theme::dim() };
    let value_style = if field.disabled {
        theme::dim()
    } else if focused {
        theme::selected()
    } else {
        Style::default().add_modifier(ratatui::style::Modifier::UNDERLINED)
    };
    let mut cursor = None;
    let value = match &field.kind {
        _ if field.disabled => "(not needed)".to_string(),
        FieldKind::Text | FieldKind::Secret => {
            let shown = input::view(
                &field.input,
                value_width.saturating_sub(1),
                field.kind == FieldKind::Secret,
            );
            if focused {
                cursor = Some((columns.label as u16).saturating_add(shown.cursor));
            }
            shown.text
        }
        FieldKind::Toggle => (if field.on { "[x] yes" } else { "[ ] no" }).to_string(),
        FieldKind::Choice(options) => {
            format!(
                "‹ {} ›",
                options.get(field.choice).map(String::as_str).unwrap_or("")
            )
        }
    };
    let value = format!("{value:<value_width$}");
    let (remark, remark_style) = match (form.visible_error(index), &field.note) {
        (Some(error), _) => (format!(" ✗ {error}"), theme::error()),
        (None, Some(note)) => (format!(" {note}"), theme::dim()),
        (None, None) => (String::new(), theme::base()),
    };
    let line = text::line(
        &[
            (&label, label_style),
            (&value, value_style),
            (&remark, remark_style),
        ],
        width,
    );
    (line, cursor)
}

fn footer(form: &Form, spinner: usize, width: usize) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    // The inline error may be cut at the edge; the focused field's is repeated here in full.
    if let (Some(error), Some(field)) = (form.visible_error(form.focus), form.focused()) {
        lines.push(text::line(
            &[
                (&format!(" {}: ", field.label), theme::key()),
                (error, theme::error()),
            ],
            width,
        ));
    }
    let completions = form.completions();
    if !completions.is_empty() {
        let list = completions
            .iter()
            .take(6)
            .map(|(value, about)| format!("{value} {about}"))
            .collect::<Vec<_>>()
            .join(" · ");
        lines.push(text::line(
            &[(" → takes ", theme::key()), (&list, theme::accent())],
            width,
        ));
    }
    let problems = form.error_summary();
    if form.submitted && !problems.is_empty() {
        let list = problems
            .iter()
            .map(|(label, _)| *label)
            .collect::<Vec<_>>()
            .join(", ");
        let noun = if problems.len() == 1 {
            "field needs"
        } else {
            "fields need"
        };
        lines.push(text::line(
            &[(
                &format!(" {} {noun} attention: {list}", problems.len()),
                theme::error(),
            )],
            width,
        ));
    }
    if let Some(message) = &form.message {
        // Server messages can be long and are the user's only clue: wrapped, not cut.
        for part in text::wrap(message, width.saturating_sub(1)) {
            lines.push(text::line(
                &[(" ", theme::base()), (&part, theme::error())],
                width,
            ));
        }
    }
    if form.saving {
        let frame = theme::spinner(spinner);
        lines.push(Line::styled(format!(" {frame} saving…"), theme::accent()));
    }
    lines
}
