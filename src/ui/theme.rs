//! Colours and emphasis. Every colour the UI uses is one [`Theme`] role. The built-in `dark`
//! theme (the default) uses only the eight basic ANSI colours, so the terminal's own palette
//! keeps it readable; `light` and `high-contrast` are built in too, and `theme.toml` next to the
//! config file picks one and changes any role:
//!
//! ```toml
//! base = "light"
//! accent = "magenta"
//! error = "#d70000"
//! ```
//!
//! `NO_COLOR` (set and not empty) wins over everything: no colour at all, bold, dim and reverse
//! video still mark titles, hints and the selection. The theme is installed once per process,
//! before the first console is drawn.

use std::sync::OnceLock;

use ratatui::style::{Color, Modifier, Style};

/// A colour for each role; `None` leaves the terminal's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub accent: Option<Color>,
    pub error: Option<Color>,
    pub warning: Option<Color>,
    pub ok: Option<Color>,
    pub badge_fg: Option<Color>,
    pub badge_bg: Option<Color>,
    pub key: Option<Color>,
    pub border: Option<Color>,
    pub focused_border: Option<Color>,
}

impl Theme {
    pub const DARK: Theme = Theme {
        accent: Some(Color::Cyan),
        error: Some(Color::Red),
        warning: Some(Color::Yellow),
        ok: Some(Color::Green),
        badge_fg: Some(Color::Black),
        badge_bg: Some(Color::Yellow),
        key: Some(Color::Cyan),
        border: Some(Color::Blue),
        focused_border: Some(Color::Cyan),
    };

    /// For a light background: no yellow or cyan text, which fade on white.
    pub const LIGHT: Theme = Theme {
        accent: Some(Color::Blue),
        error: Some(Color::Red),
        warning: Some(Color::Magenta),
        ok: Some(Color::Green),
        badge_fg: Some(Color::White),
        badge_bg: Some(Color::Red),
        key: Some(Color::Blue),
        border: Some(Color::DarkGray),
        focused_border: Some(Color::Blue),
    };

    /// The bright colours only, for low vision and washed-out screens.
    pub const HIGH_CONTRAST: Theme = Theme {
        accent: Some(Color::LightCyan),
        error: Some(Color::LightRed),
        warning: Some(Color::LightYellow),
        ok: Some(Color::LightGreen),
        badge_fg: Some(Color::Black),
        badge_bg: Some(Color::LightYellow),
        key: Some(Color::LightYellow),
        border: Some(Color::White),
        focused_border: Some(Color::LightYellow),
    };

    /// `NO_COLOR`: emphasis only.
    pub const MONOCHROME: Theme = Theme {
        accent: None,
        error: None,
        warning: None,
        ok: None,
        badge_fg: None,
        badge_bg: None,
        key: None,
        border: None,
        focused_border: None,
    };

    fn built_in(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::DARK),
            "light" => Some(Theme::LIGHT),
            "high-contrast" => Some(Theme::HIGH_CONTRAST),
            _ => None,
        }
    }

    fn role(&mut self, name: &str) -> Option<&mut Option<Color>> {
        Some(match name {
            "accent" => &mut self.accent,
            "error" => &mut self.error,
            "warning" => &mut self.warning,
            "ok" => &mut self.ok,
            "badge_fg" => &mut self.badge_fg,
            "badge_bg" => &mut self.badge_bg,
            "key" => &mut self.key,
            "border" => &mut self.border,
            "focused_border" => &mut self.focused_border,
            _ => return None,
        })
    }

    /// A theme file's text: `base` picks a built-in theme, each role changes one colour.
    pub fn parse(text: &str) -> Result<Theme, String> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e.span().map(|s| text[..s.start].lines().count().max(1));
            match line {
                Some(line) => format!("line {line}: {}", e.message()),
                None => e.message().to_string(),
            }
        })?;
        let line_of = |key: &str| {
            let found = text.lines().position(|l| l.trim_start().starts_with(key));
            found.map_or_else(String::new, |i| format!("line {}: ", i + 1))
        };
        let word = |key: &str, value: &toml::Value| {
            value
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| format!("{}{key} needs a text value", line_of(key)))
        };
        let mut theme = match table.get("base") {
            Some(base) => {
                let name = word("base", base)?;
                Theme::built_in(&name).ok_or_else(|| {
                    format!(
                        "{}no built-in theme {name:?} (dark, light or high-contrast)",
                        line_of("base")
                    )
                })?
            }
            None => Theme::DARK,
        };
        for (key, value) in table.iter().filter(|(k, _)| k.as_str() != "base") {
            let colour = word(key, value)?;
            let parsed = colour.parse::<Color>().map_err(|_| {
                format!(
                    "{}{colour:?} is not a colour (a name such as red or light-blue, #rrggbb, or 0-255)",
                    line_of(key)
                )
            })?;
            let Some(role) = theme.role(key) else {
                return Err(format!(
                    "{}no colour {key:?} (accent, error, warning, ok, badge_fg, badge_bg, key, border, focused_border)",
                    line_of(key)
                ));
            };
            *role = Some(parsed);
        }
        Ok(theme)
    }
}

static THEME: OnceLock<Theme> = OnceLock::new();

/// A theme file that cannot be used, with what and where.
#[derive(Debug, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ThemeError {
    pub path: String,
    pub message: String,
}

/// Reads `path` (if it exists) and installs it, unless `no_color` (then no colour at all). A
/// second call keeps the first theme.
pub fn install(path: &std::path::Path, no_color: bool) -> Result<(), ThemeError> {
    let theme = if no_color {
        Theme::MONOCHROME
    } else {
        match std::fs::read_to_string(path) {
            Ok(text) => Theme::parse(&text).map_err(|message| ThemeError {
                path: path.display().to_string(),
                message,
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Theme::DARK,
            Err(e) => {
                return Err(ThemeError {
                    path: path.display().to_string(),
                    message: format!("cannot be read: {e}"),
                });
            }
        }
    };
    let _ = THEME.set(theme);
    Ok(())
}

/// Whether the environment asks for no colour (`NO_COLOR` set and not empty).
pub fn no_color_asked() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

fn current() -> &'static Theme {
    THEME.get().unwrap_or(&Theme::DARK)
}

fn colour(fg: Option<Color>) -> Style {
    match fg {
        Some(colour) => Style::default().fg(colour),
        None => Style::default(),
    }
}

pub fn base() -> Style {
    Style::default()
}

pub fn title() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

pub fn accent() -> Style {
    colour(current().accent)
}

pub fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

pub fn error() -> Style {
    colour(current().error)
}

pub fn warning() -> Style {
    colour(current().warning)
}

pub fn ok() -> Style {
    colour(current().ok)
}

/// The READ-ONLY badge: in reverse video when the theme gives it no colours.
pub fn badge() -> Style {
    let theme = current();
    let style = colour(theme.badge_fg).add_modifier(Modifier::BOLD);
    match theme.badge_bg {
        Some(bg) => style.bg(bg),
        None => style.add_modifier(Modifier::REVERSED),
    }
}

pub fn key() -> Style {
    colour(current().key).add_modifier(Modifier::BOLD)
}

pub fn border() -> Style {
    colour(current().border)
}

/// The focused pane's border: bold when the theme gives it no colour, so focus still shows.
pub fn focused_border() -> Style {
    match current().focused_border {
        Some(colour) => Style::default().fg(colour),
        None => Style::default().add_modifier(Modifier::BOLD),
    }
}

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// The spinner glyph for a tick count.
pub fn spinner(tick: usize) -> &'static str {
    SPINNER[tick % SPINNER.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_theme_file_starts_from_a_built_in_one_and_changes_roles() {
        let theme =
            Theme::parse("base = \"light\"\naccent = \"magenta\"\nerror = \"#d70000\"\n").unwrap();
        assert_eq!(theme.accent, Some(Color::Magenta));
        assert_eq!(theme.error, Some(Color::Rgb(0xd7, 0, 0)));
        assert_eq!(theme.border, Theme::LIGHT.border, "the rest is the base's");
        assert_eq!(Theme::parse("").unwrap(), Theme::DARK);
    }

    #[test]
    fn a_mistake_in_a_theme_file_names_its_line() {
        let role = Theme::parse("base = \"dark\"\nbackground = \"red\"\n").unwrap_err();
        assert!(
            role.starts_with("line 2: no colour \"background\""),
            "{role}"
        );
        let colour = Theme::parse("accent = \"blurple\"\n").unwrap_err();
        assert!(
            colour.starts_with("line 1: \"blurple\" is not a colour"),
            "{colour}"
        );
        let base = Theme::parse("\nbase = \"solarized\"\n").unwrap_err();
        assert!(base.starts_with("line 2: no built-in theme"), "{base}");
    }

    #[test]
    fn without_colour_focus_and_the_badge_still_show() {
        let theme = Theme::MONOCHROME;
        assert!(theme.accent.is_none() && theme.badge_bg.is_none());
        // The styles as they are built from such a theme.
        let focused = match theme.focused_border {
            Some(c) => Style::default().fg(c),
            None => Style::default().add_modifier(Modifier::BOLD),
        };
        assert!(focused.add_modifier.contains(Modifier::BOLD));
        assert_eq!(focused.fg, None);
    }
}
