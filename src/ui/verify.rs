//! The verify pane, over the grid: the command (asked before its first run), the output as it
//! comes, and where the run stands.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::text::truncate;
use super::{View, popup};
use crate::app::verify::{Phase, VerifyPane};
use crate::i18n::tr;
use crate::verify::{self, Outcome};

/// Draws the pane over `area`; the focus is on the line that says where the run stands.
pub fn render(view: &View, pane: &VerifyPane, frame: &mut Frame, area: Rect) -> Option<Position> {
    let (app, th) = (view.app, view.theme);
    let lang = app.lang();
    let box_area = popup(
        area,
        area.width.saturating_sub(4).min(120),
        area.height.saturating_sub(2),
    );
    let track = app
        .roadmap()
        .track_index(&pane.track_id)
        .map_or(pane.track_id.as_str(), |t| {
            app.roadmap().tracks[t].name.as_str()
        });
    let title = format!(
        " {} · {} {} × {track} ",
        tr(lang, "Verify", "Verificar"),
        tr(lang, "task", "tarea"),
        pane.task
    );
    let block = Block::bordered()
        .border_style(th.focus_border)
        .title(Line::styled(title, th.title));
    frame.render_widget(Clear, box_area);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    if inner.height < 3 || inner.width < 10 {
        return None;
    }
    let width = usize::from(inner.width);
    let mut head = vec![Line::from(vec![
        Span::styled("$ ", th.dim),
        Span::styled(
            truncate(&pane.spec.display, width.saturating_sub(2)),
            th.key,
        ),
    ])];
    if let Some(dir) = &pane.spec.dir {
        let text = format!("  {} {}", tr(lang, "in", "en"), dir.display());
        head.push(Line::styled(truncate(&text, width), th.dim));
    }
    let (status, style) = match &pane.phase {
        Phase::Confirm => (
            tr(
                lang,
                "First run of this command: Enter runs it, Esc closes",
                "Primera vez de esta orden: Enter la corre, Esc cierra",
            )
            .to_owned(),
            th.header,
        ),
        Phase::Running => (
            format!(
                "{} ({} {} s) — {}",
                tr(lang, "Running", "Corriendo"),
                tr(lang, "limit", "límite"),
                pane.spec.timeout.as_secs(),
                tr(lang, "Esc cancels", "Esc cancela")
            ),
            th.in_progress,
        ),
        Phase::Cancelling => (
            tr(lang, "Cancelling…", "Cancelando…").to_owned(),
            th.in_progress,
        ),
        Phase::Ended { outcome, ms } => {
            let words = verify::outcome_words(outcome, &pane.spec, lang);
            let after = match outcome {
                o if o.passed() => tr(
                    lang,
                    "the cell is done, verified",
                    "la celda está hecha, verificada",
                ),
                Outcome::Cancelled => tr(lang, "the cell is unchanged", "la celda queda igual"),
                _ => tr(lang, "the cell is unchanged", "la celda queda igual"),
            };
            let style = if outcome.passed() { th.done } else { th.error };
            (
                format!(
                    "{words} ({}) — {after}. {}",
                    verify::duration_words(*ms),
                    tr(lang, "Esc closes", "Esc cierra")
                ),
                style,
            )
        }
    };
    let rows = usize::from(inner.height).saturating_sub(head.len() + 1);
    let end = pane.lines.len().saturating_sub(pane.scroll);
    let start = end.saturating_sub(rows);
    let mut lines = head;
    lines.extend(
        pane.lines
            .range(start..end)
            .map(|l| Line::from(truncate(l, width))),
    );
    let status_row = inner.y + inner.height - 1;
    frame.render_widget(Paragraph::new(lines), inner);
    let status_area = Rect {
        y: status_row,
        height: 1,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(Line::styled(truncate(&status, width), style)),
        status_area,
    );
    Some(Position::new(inner.x, status_row))
}
