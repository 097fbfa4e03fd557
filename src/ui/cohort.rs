//! The cohort screen drawn from a shared `&Screen`: one row per learner (levels or languages as
//! columns, their total, last activity and why they need attention), the selected learner's
//! detail, the files that could not be read, the stuck view, the help, and a learner's grid
//! (drawn by the grid's own code). Only the rows on screen are drawn, so a frame costs the same
//! for 30 learners or 10,000.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::text::{truncate, truncate_line};
use super::theme::{self, Theme};
use super::{View, help, too_small};
use crate::cohort::screen::{Columns, Fit, Mode, Screen};
use crate::cohort::{Count, Learner, SortKey};
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

/// The table's columns across a given width.
#[derive(Debug, Clone, Copy)]
struct Cols {
    name: u16,
    /// Each data column's width.
    data: u16,
    /// Data columns on screen, from `first`.
    shown: usize,
    first: usize,
    /// Whether the "◀ N" / "N ▶" markers take a column each side.
    markers: bool,
    total: u16,
    last: u16,
    flag: u16,
}

const MARK: u16 = 2;
const MARKER: u16 = 4;
const DATA: u16 = 8;
/// The widest a data column grows to show its header whole.
const DATA_WIDE: u16 = 14;
const TOTAL: u16 = 9;
const LAST: u16 = 12;
/// Below this width the last activity is shown as month and day.
const SHORT_DATES: u16 = 80;
const LAST_SHORT: u16 = 8;
const FLAG_MIN: u16 = 14;

fn cols(screen: &Screen, width: u16) -> Cols {
    let longest = screen.name_width().min(200) as u16;
    let cap = if width >= 120 {
        28
    } else if width >= 80 {
        14
    } else {
        11
    };
    let header = tr(screen.lang(), "Learner", "Estudiante").width() as u16;
    let name = longest.max(header).clamp(6, cap) + 1;
    let count = screen.column_count();
    let last = if width < SHORT_DATES {
        LAST_SHORT
    } else {
        LAST
    };
    let room = width.saturating_sub(MARK + name + TOTAL + last + FLAG_MIN);
    // Columns as wide as their longest header (a level's or a language's name) where all of
    // them fit so; the figures' width otherwise, names cut.
    let widest = (0..count)
        .map(|i| data_header(screen, i).width() as u16 + 1)
        .max()
        .unwrap_or(DATA)
        .clamp(DATA, DATA_WIDE);
    let data = if count as u16 * widest <= room {
        widest
    } else {
        DATA
    };
    let (shown, markers) = if count as u16 * data <= room {
        (count, false)
    } else {
        (
            (room.saturating_sub(2 * MARKER) / DATA).max(1) as usize,
            true,
        )
    };
    let shown = shown.min(count);
    let first = screen
        .column_scroll()
        .min(count.saturating_sub(shown.max(1)));
    let markers_width = if markers { 2 * MARKER } else { 0 };
    let used = MARK + name + shown as u16 * data + markers_width + TOTAL + last;
    Cols {
        name,
        data,
        shown,
        first,
        markers,
        total: TOTAL,
        last,
        flag: width.saturating_sub(used),
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

fn pad(text: &str, width: u16) -> String {
    let text = truncate(text, width.saturating_sub(1) as usize);
    let gap = (width as usize).saturating_sub(text.width());
    format!("{text}{}", " ".repeat(gap))
}

fn pad_right(text: &str, width: u16) -> String {
    let text = truncate(text, width.saturating_sub(1) as usize);
    let gap = (width as usize).saturating_sub(text.width() + 1);
    format!("{}{text} ", " ".repeat(gap))
}

fn count_text(count: &Count) -> String {
    format!("{}/{}", count.done, count.total)
}

/// A learner's count in the data column `i`.
fn data_count(screen: &Screen, learner: &Learner, i: usize) -> Option<Count> {
    match screen.columns() {
        Columns::Levels => learner.summary.levels.get(i).copied(),
        Columns::Languages => {
            let (id, _) = screen.tracks().get(i)?;
            learner
                .summary
                .tracks
                .iter()
                .find(|t| t.id == *id)
                .map(|t| t.count)
        }
    }
}

/// The headers of the data columns.
fn data_header(screen: &Screen, i: usize) -> String {
    match screen.columns() {
        Columns::Levels => screen
            .roadmap()
            .levels
            .get(i)
            .map(|level| level.name.clone())
            .unwrap_or_default(),
        Columns::Languages => screen
            .tracks()
            .get(i)
            .map(|(_, name)| name.clone())
            .unwrap_or_default(),
    }
}

fn render_table(screen: &Screen, th: &Theme, frame: &mut Frame, area: Rect) -> Option<Position> {
    if area.height == 0 {
        return None;
    }
    let lang = screen.lang();
    let c = cols(screen, area.width);
    let count = screen.column_count();
    let mut header = vec![Span::raw(" ".repeat(MARK as usize))];
    header.push(Span::raw(pad(tr(lang, "Learner", "Estudiante"), c.name)));
    if c.markers {
        let left = if c.first > 0 {
            format!("◀ {}", c.first)
        } else {
            String::new()
        };
        header.push(Span::styled(pad(&left, MARKER), th.dim));
    }
    for i in c.first..(c.first + c.shown).min(count) {
        header.push(Span::raw(pad_right(&data_header(screen, i), c.data)));
    }
    if c.markers {
        let after = count.saturating_sub(c.first + c.shown);
        let right = if after > 0 {
            format!("{after} ▶")
        } else {
            String::new()
        };
        header.push(Span::styled(pad_right(&right, MARKER), th.dim));
    }
    header.push(Span::raw(pad_right("Total", c.total)));
    header.push(Span::raw(pad(
        &format!(" {}", tr(lang, "Last", "Última")),
        c.last,
    )));
    header.push(Span::raw(pad(tr(lang, "Attention", "Atención"), c.flag)));
    let [head, rows] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(Line::from(header)).style(th.header), head);

    let cohort = screen.cohort();
    let order = screen.order();
    let start = screen.scroll().min(order.len());
    let end = (start + rows.height as usize).min(order.len());
    let mut lines = Vec::with_capacity(end - start);
    let mut focus = None;
    for (row, &index) in order[start..end].iter().enumerate() {
        let place = start + row;
        let learner = &cohort.learners[index];
        let selected = place == screen.selected();
        if selected {
            focus = Some(Position::new(rows.x, rows.y + row as u16));
        }
        let mark = if selected {
            format!("{} ", theme::CURSOR_MARK)
        } else {
            "  ".to_owned()
        };
        let mut spans = vec![Span::raw(mark), Span::raw(pad(&learner.name, c.name))];
        if c.markers {
            spans.push(Span::raw(" ".repeat(MARKER as usize)));
        }
        for i in c.first..(c.first + c.shown).min(count) {
            let span = match data_count(screen, learner, i) {
                Some(n) => Span::styled(
                    pad_right(&count_text(&n), c.data),
                    th.ratio(n.done, n.total),
                ),
                None => Span::styled(pad_right("—", c.data), th.dim),
            };
            spans.push(span);
        }
        if c.markers {
            spans.push(Span::raw(" ".repeat(MARKER as usize)));
        }
        let total = learner.summary.overall;
        spans.push(Span::styled(
            pad_right(&count_text(&total), c.total),
            th.ratio(total.done, total.total),
        ));
        let last = learner.summary.last_activity.map_or_else(
            || "—".to_owned(),
            |d| {
                if c.last < LAST {
                    format!("{:02}-{:02}", d.month(), d.day())
                } else {
                    d.to_string()
                }
            },
        );
        spans.push(Span::styled(pad(&format!(" {last}"), c.last), th.dim));
        let reasons = &learner.summary.attention;
        if let Some(first) = reasons.first() {
            let more = if reasons.len() > 1 {
                format!(" +{}", reasons.len() - 1)
            } else {
                String::new()
            };
            spans.push(Span::styled(
                pad(&format!("{ATTENTION} {}{more}", first.short(lang)), c.flag),
                th.error,
            ));
        }
        let mut line = Line::from(spans);
        if selected {
            line = line.style(th.cursor_row);
        }
        lines.push(truncate_line(line, rows.width as usize));
    }
    frame.render_widget(Paragraph::new(lines), rows);
    focus
}

fn render_detail(screen: &Screen, th: &Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let lang = screen.lang();
    let Some(learner) = screen.learner() else {
        return;
    };
    let s = &learner.summary;
    let first = Line::from(vec![
        Span::styled(format!(" {} ", learner.name), th.title),
        Span::styled(format!("· {}", learner.source), th.dim),
    ]);
    let mut figures = format!(
        " {}/{} ({:.1}%) · {:.1} {} · {} {}",
        s.overall.done,
        s.overall.total,
        s.overall.percent(),
        s.pace_per_week,
        tr(lang, "a week", "por semana"),
        s.recent,
        tr(lang, "in 28 days", "en 28 días"),
    );
    if let Some(last) = s.last_activity {
        figures.push_str(&format!(" · {} {last}", tr(lang, "last", "última")));
    }
    if let Some(frontier) = &s.frontier {
        figures.push_str(&format!(
            " · {} {}",
            tr(lang, "frontier: task", "frontera: tarea"),
            frontier.task
        ));
    }
    let reasons = if s.attention.is_empty() {
        Line::styled(
            format!(
                " {} {}",
                theme::DONE_SYMBOL,
                tr(lang, "nothing needs attention", "nada requiere atención")
            ),
            th.done,
        )
    } else {
        let texts: Vec<String> = s.attention.iter().map(|r| r.text(lang)).collect();
        Line::styled(format!(" {ATTENTION} {}", texts.join("; ")), th.error)
    };
    let lines = if area.height >= 3 {
        vec![first, Line::from(figures), reasons]
    } else {
        // Two lines: who, and why they need attention (or their figures when nothing does).
        let second = if s.attention.is_empty() {
            Line::from(figures)
        } else {
            reasons
        };
        vec![first, second]
    };
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| truncate_line(l, area.width as usize))
        .collect();
    let paragraph = Paragraph::new(lines).style(th.border);
    let paragraph = if area.height >= 4 {
        paragraph.wrap(Wrap { trim: false })
    } else {
        paragraph
    };
    frame.render_widget(paragraph, area);
}

fn render_problems(screen: &Screen, th: &Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 {
        return;
    }
    let lang = screen.lang();
    let problems = &screen.cohort().problems;
    let width = area.width as usize;
    let mut lines = vec![Line::styled(
        truncate(
            &format!(
                " {PROBLEM} {} ({})",
                tr(lang, "Files not read", "Archivos no leídos"),
                problems.len()
            ),
            width,
        ),
        th.error,
    )];
    let room = area.height as usize - 1;
    let listed = if problems.len() > room {
        room.saturating_sub(1)
    } else {
        problems.len()
    };
    for p in &problems[..listed] {
        let line = Line::from(vec![
            Span::styled(format!("   {}: ", p.source), th.dim),
            Span::raw(p.kind.text(lang)),
        ]);
        lines.push(truncate_line(line, width));
    }
    if listed < problems.len() {
        lines.push(Line::styled(
            format!(
                "   … {} {}",
                problems.len() - listed,
                tr(lang, "more", "más")
            ),
            th.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines), area);
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

/// The stuck view: the tasks most often left in progress, then each learner's frontier in the
/// order chosen. Only the lines on screen are made.
fn render_stuck(
    screen: &Screen,
    th: &Theme,
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) -> Option<Position> {
    let lang = screen.lang();
    let roadmap = screen.roadmap();
    let stuck = screen.stuck();
    let order = screen.order();
    let learners = &screen.cohort().learners;
    let width = area.width as usize;
    let tasks_len = stuck.len().max(1);
    let len = screen.stuck_len();
    let end = (scroll + area.height as usize).min(len);
    let name_width = cols(screen, area.width).name;
    let mut lines = Vec::new();
    for i in scroll..end {
        let line = if i == 0 {
            Line::styled(
                format!(
                    " {}",
                    tr(
                        lang,
                        "Most often left in progress: task · language · learners · oldest start",
                        "Más a menudo en curso: tarea · lenguaje · estudiantes · inicio más antiguo"
                    )
                ),
                th.level,
            )
        } else if i <= tasks_len {
            match stuck.get(i - 1) {
                Some(t) => {
                    let oldest = t.oldest.map_or_else(|| "—".to_owned(), |d| d.to_string());
                    let title = roadmap.task(t.pos).text.get(lang).to_owned();
                    Line::from(vec![
                        Span::styled(format!(" {:>4} ", t.task), th.key),
                        Span::styled(format!("{:<8} ", truncate(&t.track, 8)), th.in_progress),
                        Span::raw(format!("{:>4} {:<11} ", t.learners, oldest)),
                        Span::raw(crate::cohort::one_line(&title)),
                    ])
                }
                None => Line::styled(
                    format!(
                        "   {}",
                        tr(
                            lang,
                            "No task is in progress",
                            "Ninguna tarea está en curso"
                        )
                    ),
                    th.dim,
                ),
            }
        } else if i == tasks_len + 1 {
            Line::raw("")
        } else if i == tasks_len + 2 {
            Line::styled(
                format!(
                    " {} ({}: {})",
                    tr(
                        lang,
                        "Frontier: each learner's first task not done",
                        "Frontera: la primera tarea sin hacer de cada estudiante"
                    ),
                    tr(lang, "sorted by", "orden"),
                    sort_name(screen.sort(), lang)
                ),
                th.level,
            )
        } else if i == tasks_len + 3 {
            Line::raw("")
        } else {
            let Some(&index) = order.get(i - tasks_len - 4) else {
                continue;
            };
            let learner = &learners[index];
            let mut spans = vec![Span::raw(format!(" {}", pad(&learner.name, name_width)))];
            match &learner.summary.frontier {
                Some(f) => {
                    let title = roadmap.task(f.pos).text.get(lang).to_owned();
                    spans.push(Span::styled(format!("{:>4} ", f.task), th.key));
                    spans.push(Span::styled(
                        format!("[{}] ", f.tracks.join(", ")),
                        th.in_progress,
                    ));
                    spans.push(Span::raw(crate::cohort::one_line(&title)));
                }
                None => spans.push(Span::styled(
                    format!(
                        "{} {}",
                        theme::DONE_SYMBOL,
                        tr(lang, "everything done", "todo hecho")
                    ),
                    th.done,
                )),
            }
            Line::from(spans)
        };
        lines.push(truncate_line(line, width));
    }
    frame.render_widget(Paragraph::new(lines), area);
    (!area.is_empty()).then(|| area.as_position())
}
