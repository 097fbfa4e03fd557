//! The cohort screen drawn from a shared `&Screen`: its layout, its title and hint line, the
//! help over it, a learner's grid (drawn by the grid's own code) when one is open, and the
//! selected learner in words. Its views are in their own files: the learners' table
//! (`table`), the selected learner's detail (`detail`), the files that could not be read
//! (`problems`) and the stuck view (`stuck`). Only the rows on screen are drawn, so a frame
//! costs the same for 30 learners or 10,000.

mod detail;
mod problems;
mod stuck;
mod table;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use self::detail::render_detail;
use self::problems::render_problems;
use self::stuck::render_stuck;
use self::table::{cols, render_table};
use super::text::truncate;
use super::theme::Theme;
use super::{View, help, too_small};
use crate::cohort::SortKey;
use crate::cohort::screen::{Columns, Fit, Mode, Screen};
use crate::i18n::tr;
use crate::keymap::{Keymap, Scope};
use crate::model::Lang;

/// The mark of a learner who needs attention.
pub const ATTENTION: &str = "⚠";
/// The mark of a file that could not be read.
pub const PROBLEM: &str = "✖";

/// Which bindings apply on the cohort screen now.
pub fn scope(screen: &Screen) -> Scope {
    match screen.mode() {
        Mode::Table => Scope::Cohort,
        Mode::Stuck { .. } => Scope::Stuck,
        Mode::Help { .. } => Scope::Help,
        Mode::Learner { app, .. } => super::scope(app),
    }
}

/// The parts of the learners' screen.
struct Areas {
    title: Rect,
    table: Rect,
    detail: Rect,
    problems: Rect,
    hints: Rect,
}

fn layout(screen: &Screen, area: Rect) -> Areas {
    let [title, body, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let problems = screen.cohort().problems.len();
    let problems_height = if problems == 0 {
        0
    } else {
        (problems as u16 + 1).min((body.height / 4).max(2))
    };
    let detail_height = if area.height >= 30 { 4 } else { 2 };
    let [table, detail, problems] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(detail_height),
        Constraint::Length(problems_height),
    ])
    .areas(body);
    Areas {
        title,
        table,
        detail,
        problems,
        hints,
    }
}

/// What fits of the cohort screen at `width` × `height`.
pub fn fit(screen: &Screen, width: u16, height: u16) -> Fit {
    let area = Rect::new(0, 0, width, height);
    let areas = layout(screen, area);
    Fit {
        rows: areas.table.height.saturating_sub(1).max(1) as usize,
        columns: cols(screen, width).shown.max(1),
        stuck_rows: height.saturating_sub(2).max(1) as usize,
        help_rows: super::help_rows(height),
    }
}

/// Draws the cohort screen, or the learner's grid when one is open.
pub fn render(screen: &Screen, theme: &Theme, keymap: &Keymap, frame: &mut Frame) {
    if let Some(app) = screen.grid() {
        let view = View { app, theme, keymap };
        super::render(&view, frame);
        return;
    }
    let area = frame.area();
    if too_small(area) {
        render_too_small(screen, theme, keymap, frame, area);
    } else {
        let focus = render_screen(screen, theme, keymap, frame, area);
        if let Some(focus) = focus {
            frame.set_cursor_position(focus);
        }
    }
    if !screen.color() {
        super::strip_colors(frame.buffer_mut());
    }
    if screen.screen_reader() {
        super::words::plain_symbols(frame.buffer_mut());
    }
    super::neutralise(frame.buffer_mut());
}

fn render_too_small(screen: &Screen, th: &Theme, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let lang = screen.lang();
    let mut lines = vec![
        Line::from(format!(
            "{} {}×{} ({} {}×{})",
            tr(
                lang,
                "Terminal too small: needs",
                "Terminal demasiado pequeña: necesita"
            ),
            super::MIN_WIDTH,
            super::MIN_HEIGHT,
            tr(lang, "now", "ahora"),
            area.width,
            area.height
        ))
        .style(th.error),
    ];
    if let Some(key) = keymap.key_for(scope(screen), &crate::app::Action::Quit) {
        lines.push(Line::from(format!("{key} {}", tr(lang, "quits", "sale"))));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

fn render_screen(
    screen: &Screen,
    th: &Theme,
    keymap: &Keymap,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let areas = layout(screen, area);
    render_title(screen, th, frame, areas.title);
    let under = match screen.mode() {
        Mode::Help { under, .. } => under.as_ref(),
        mode => mode,
    };
    let mut focus = match under {
        Mode::Stuck { scroll } => {
            let body = Rect {
                height: areas.hints.y - areas.table.y,
                ..areas.table
            };
            render_stuck(screen, th, *scroll, frame, body)
        }
        _ => {
            let focus = render_table(screen, th, frame, areas.table);
            render_detail(screen, th, frame, areas.detail);
            render_problems(screen, th, frame, areas.problems);
            focus
        }
    };
    render_hints(screen, th, keymap, frame, areas.hints);
    if let Mode::Help { scroll, .. } = screen.mode() {
        let paths: Vec<String> = screen
            .paths()
            .iter()
            .map(|p| crate::cohort::one_line(&p.display().to_string()))
            .collect();
        let sheet = help::Sheet {
            lang: screen.lang(),
            theme: th,
            keymap,
            file: Some((
                tr(screen.lang(), "Read from:", "Leído de:"),
                paths.join(", "),
            )),
        };
        focus = help::render_sheet(&sheet, *scroll, frame, area);
    }
    focus
}

/// The sort key's name on screen.
pub fn sort_name(key: SortKey, lang: Lang) -> &'static str {
    match key {
        SortKey::Progress => tr(lang, "progress", "progreso"),
        SortKey::Activity => tr(lang, "last activity", "última actividad"),
        SortKey::Pace => tr(lang, "pace", "ritmo"),
        SortKey::Name => tr(lang, "name", "nombre"),
    }
}

fn render_title(screen: &Screen, th: &Theme, frame: &mut Frame, area: Rect) {
    let lang = screen.lang();
    let cohort = screen.cohort();
    let n = cohort.learners.len();
    let columns = match screen.columns() {
        Columns::Levels => tr(lang, "levels", "niveles"),
        Columns::Languages => tr(lang, "languages", "lenguajes"),
    };
    let left = format!(
        " roadmap-tui · {} · {n} {} · {}: {} · {columns}",
        tr(lang, "cohort", "grupo"),
        if n == 1 {
            tr(lang, "learner", "estudiante")
        } else {
            tr(lang, "learners", "estudiantes")
        },
        tr(lang, "sort", "orden"),
        sort_name(screen.sort(), lang),
    );
    let attention = cohort
        .learners
        .iter()
        .filter(|l| !l.summary.attention.is_empty())
        .count();
    let mut right = format!("{ATTENTION} {attention} ");
    if !cohort.problems.is_empty() {
        right.push_str(&format!("{PROBLEM} {} ", cohort.problems.len()));
    }
    let room = (area.width as usize).saturating_sub(right.width() + 1);
    let left = truncate(&left, room);
    let pad = (area.width as usize).saturating_sub(left.width() + right.width());
    let line = Line::from(vec![
        Span::styled(left, th.title),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, th.error),
    ]);
    frame.render_widget(Paragraph::new(line).style(th.header), area);
}

fn render_hints(screen: &Screen, th: &Theme, keymap: &Keymap, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    if let Some(msg) = screen.message() {
        let style = if msg.is_error { th.error } else { Style::new() };
        let text = truncate(&format!(" {}", msg.text), width);
        frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
        return;
    }
    if screen.screen_reader()
        && matches!(screen.mode(), Mode::Table)
        && let Some(text) = describe_focus(screen)
    {
        let text = truncate(&format!(" {text}"), width);
        frame.render_widget(Paragraph::new(Line::from(text)), area);
        return;
    }
    let line = super::bars::hint_line(keymap, scope(screen), screen.lang(), th, area.width);
    frame.render_widget(Paragraph::new(line), area);
}

/// The selected learner in words, for a screen reader.
pub fn describe_focus(screen: &Screen) -> Option<String> {
    let lang = screen.lang();
    let learner = screen.learner()?;
    let s = &learner.summary;
    let last = match s.last_activity {
        Some(d) => format!("{} {d}", tr(lang, "last activity", "última actividad")),
        None => tr(lang, "no activity yet", "ninguna actividad todavía").to_owned(),
    };
    let attention = if s.attention.is_empty() {
        tr(lang, "nothing needs attention", "nada requiere atención").to_owned()
    } else {
        let texts: Vec<String> = s.attention.iter().map(|r| r.text(lang)).collect();
        format!(
            "{}: {}",
            tr(lang, "needs attention", "requiere atención"),
            texts.join("; ")
        )
    };
    Some(match lang {
        Lang::En => format!(
            "{}, {} of {}: {} of {} done, {:.1}%; {last}; {attention}",
            learner.name,
            screen.selected() + 1,
            screen.order().len(),
            s.overall.done,
            s.overall.total,
            s.overall.percent()
        ),
        Lang::Es => format!(
            "{}, {} de {}: {} de {} hechas, {:.1}%; {last}; {attention}",
            learner.name,
            screen.selected() + 1,
            screen.order().len(),
            s.overall.done,
            s.overall.total,
            s.overall.percent()
        ),
    })
}
