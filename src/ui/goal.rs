//! Goals and the day's standing: the overview's goal panel, the goal's date field, and the line
//! that greets the learner until the first key.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::truncate;
use super::theme::{self, Theme};
use super::{View, popup};
use crate::app::{App, TextField};
use crate::i18n::tr;
use crate::model::Lang;
use crate::model::goal::{self, Pace, Verdict, per_week};
use crate::model::review;

/// "on track", "behind by 6 cells", and the style to show it in.
pub fn verdict(lang: Lang, v: Verdict, th: &Theme) -> (String, Style) {
    match v {
        Verdict::Reached => (
            format!("{} {}", tr(lang, "reached", "lograda"), theme::DONE_SYMBOL),
            th.done,
        ),
        Verdict::OnTrack => (tr(lang, "on track", "al día").to_owned(), th.done),
        Verdict::Behind(n) => (
            match lang {
                Lang::En => format!("behind by {n} {}", if n == 1 { "cell" } else { "cells" }),
                Lang::Es => format!("atrasada {n} {}", if n == 1 { "celda" } else { "celdas" }),
            },
            th.in_progress,
        ),
        Verdict::Missed => (tr(lang, "date passed", "fecha pasada").to_owned(), th.error),
    }
}

/// One goal as a line, as long as `width` allows: the full wording, else a compact one.
fn pace_line(app: &App, p: &Pace, width: usize, th: &Theme) -> Line<'static> {
    let lang = app.lang();
    let name = match &p.name {
        Some(n) => n.clone(),
        None => tr(lang, "All", "Total").to_owned(),
    };
    let finish = p.projected.map_or_else(
        || tr(lang, "no pace yet", "sin ritmo aún").to_owned(),
        |d| d.to_string(),
    );
    let (need, pace) = (per_week(p.per_week_needed), per_week(p.pace_per_week));
    let (v, v_style) = verdict(lang, p.verdict, th);
    let full = match lang {
        Lang::En => format!(
            "{name} by {}: {} cells left · {need}/week needed · pace {pace}/week (4 weeks) · finish {finish} · ",
            p.target, p.left
        ),
        Lang::Es => format!(
            "{name} para el {}: quedan {} celdas · hacen falta {need}/semana · ritmo {pace}/semana (4 semanas) · fin {finish} · ",
            p.target, p.left
        ),
    };
    let compact = match lang {
        Lang::En => format!(
            "{name} {}: {} left · need {need}/wk · pace {pace}/wk · ≈{finish} · ",
            p.target, p.left
        ),
        Lang::Es => format!(
            "{name} {}: quedan {} · faltan {need}/sem · ritmo {pace}/sem · ≈{finish} · ",
            p.target, p.left
        ),
    };
    let minimal = match lang {
        Lang::En => format!("{name} {}: {} left · need {need}/wk · ", p.target, p.left),
        Lang::Es => format!(
            "{name} {}: quedan {} · faltan {need}/sem · ",
            p.target, p.left
        ),
    };
    let text = [full, compact]
        .into_iter()
        .find(|t| t.width() + v.width() <= width)
        .unwrap_or(minimal);
    let room = width.saturating_sub(v.width());
    Line::from(vec![
        Span::raw(truncate(&text, room)),
        Span::styled(v, v_style),
    ])
}

/// How many lines the goal panel would like, borders included.
pub fn panel_height(app: &App) -> u16 {
    app.progress().settings.goals.len().max(1) as u16 + 2
}

/// The overview's goal panel: a line per goal (or how to set one), and the reviews due in its
/// title. Without room for borders, the lines alone.
pub struct GoalsView<'a> {
    pub app: &'a App,
    pub theme: &'a Theme,
}

impl Widget for GoalsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (app, th) = (self.app, self.theme);
        let lang = app.lang();
        if area.height == 0 {
            return;
        }
        let due = review::due_count(app.roadmap(), app.progress(), app.today());
        let mut title = format!(" {} ", tr(lang, "Goals", "Metas"));
        if due > 0 {
            title.push_str(&format!(
                "· {} {due} {} ",
                theme::REVIEW_SYMBOL,
                if due == 1 {
                    tr(lang, "review due", "repaso pendiente")
                } else {
                    tr(lang, "reviews due", "repasos pendientes")
                }
            ));
        }
        let inner = if area.height >= 3 {
            let block = Block::bordered()
                .border_style(th.border)
                .title(Line::styled(title, th.title));
            let inner = block.inner(area);
            block.render(area, buf);
            inner
        } else {
            area
        };
        let width = inner.width as usize;
        let paces = app.paces();
        let lines: Vec<Line> = if paces.is_empty() {
            vec![Line::styled(
                truncate(
                    tr(
                        lang,
                        "No goal: g sets a date for the whole roadmap, G for the selected language",
                        "Sin meta: g fija una fecha para toda la hoja de ruta, G para el lenguaje elegido",
                    ),
                    width,
                ),
                th.dim,
            )]
        } else {
            paces.iter().map(|p| pace_line(app, p, width, th)).collect()
        };
        Paragraph::new(lines).render(inner, buf);
    }
}

/// The goal's date field, over the overview.
/// Draws the goal's field over `area`; the focus is its cursor.
pub fn render_field(
    view: &View,
    field: &TextField,
    key: &str,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let (app, th) = (view.app, view.theme);
    let lang = app.lang();
    let box_area = popup(area, 60, 5);
    let title = format!(
        " {} {} ",
        tr(lang, "Goal for", "Meta para"),
        app.goal_name(key)
    );
    let footer = format!(
        " Enter {} · Esc {} ",
        tr(lang, "set", "fijar"),
        tr(lang, "cancel", "cancelar")
    );
    let block = Block::bordered()
        .border_style(th.focus_border)
        .title(Line::styled(title, th.title))
        .title_bottom(Line::styled(footer, th.key));
    frame.render_widget(Clear, box_area);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let [hint, input] = ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(2),
        ratatui::layout::Constraint::Length(1),
    ])
    .areas(inner);
    let text = tr(
        lang,
        "A date (2027-06-01) or a span from today (90d, 12w, 6m); empty: no goal",
        "Una fecha (2027-06-01) o un plazo desde hoy (90d, 12w, 6m); vacía: sin meta",
    );
    frame.render_widget(
        Paragraph::new(Span::styled(text, th.dim)).wrap(ratatui::widgets::Wrap { trim: true }),
        hint,
    );
    field.area().render(input, frame.buffer_mut());
    super::field_cursor(field, input)
}

/// Where the learner stands today, in one line: cells done today, the streak, reviews due and
/// the first goal's standing; `None` when there is nothing to say.
pub fn today_line(app: &App, th: &Theme) -> Option<Line<'static>> {
    let lang = app.lang();
    // Until a large progress is counted, the line waits (the key hints show instead).
    let facts = app.today_facts()?;
    let done_today = facts.done_today;
    let due = facts.reviews_due;
    let mut parts: Vec<Vec<Span<'static>>> = Vec::new();
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    if done_today > 0 {
        parts.push(vec![Span::styled(
            match lang {
                Lang::En => format!(
                    "{done_today} {} done today",
                    plural(done_today, "cell", "cells")
                ),
                Lang::Es => format!(
                    "{done_today} {} hoy",
                    plural(done_today, "celda hecha", "celdas hechas")
                ),
            },
            th.done,
        )]);
    }
    if facts.streak > 0 {
        let n = facts.streak;
        parts.push(vec![Span::raw(match lang {
            Lang::En => format!("streak {n} {}", plural(n, "day", "days")),
            Lang::Es => format!("racha de {n} {}", plural(n, "día", "días")),
        })]);
    }
    if due > 0 {
        parts.push(vec![Span::styled(
            match lang {
                Lang::En => format!(
                    "{} {due} {} due",
                    theme::REVIEW_SYMBOL,
                    plural(due, "review", "reviews")
                ),
                Lang::Es => format!(
                    "{} {due} {}",
                    theme::REVIEW_SYMBOL,
                    plural(due, "repaso pendiente", "repasos pendientes")
                ),
            },
            th.review(),
        )]);
    }
    if let Some(p) = app.paces().first() {
        let (v, style) = verdict(lang, p.verdict, th);
        let label = match (&p.name, p.key == goal::ALL) {
            (Some(name), false) => format!("{} {name}: ", tr(lang, "goal", "meta")),
            _ => format!("{}: ", tr(lang, "goal", "meta")),
        };
        parts.push(vec![Span::raw(label), Span::styled(v, style)]);
    }
    if parts.is_empty() {
        return None;
    }
    let mut spans = vec![Span::styled(
        format!(" {}: ", tr(lang, "Today", "Hoy")),
        th.title,
    )];
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", th.dim));
        }
        spans.extend(part);
    }
    Some(Line::from(spans))
}
