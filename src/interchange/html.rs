//! The report: one self-contained HTML page, the progress card at the top and the whole grid
//! below — every task, each cell's state, dates and note. No script, no external resource (a
//! Content-Security-Policy says so to the browser too); the only links are the web addresses
//! written in notes. Prints as a readable table.

use std::fmt::Write;
use std::io::{self, Write as _};

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::markup::{Piece, clean, escape, links, text};
use super::measure::{headers, text_width};
use super::svg::{self, CardData, Theme};
use crate::i18n::tr;
use crate::model::stats::percent_tenths;
use crate::model::{Cell, Lang, Progress, Status};

const STYLE: &str = r#"
:root { color-scheme: light; }
body { margin: 24px; color: #1f2328; background: #ffffff;
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
header svg { display: block; max-width: 100%; height: auto; }
h2 { font-size: 18px; margin: 28px 0 8px; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
col.num { width: 3.2em; }
col.task { width: 28%; }
th, td { border: 1px solid #d0d7de; padding: 4px 6px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
thead th { background: #f6f8fa; }
tr.level th { background: #ddf4ff; font-size: 15px; }
tr.level .count { font-weight: normal; color: #59636e; margin-left: 0.5em; }
td.num { text-align: right; color: #59636e; }
td.done { background: #dafbe1; }
td.in-progress { background: #fff8c5; }
td.todo { color: #59636e; }
td.skip { color: #59636e; background: #f6f8fa; font-style: italic; }
.mark { font-weight: bold; }
td.verified .mark { font-size: 1.1em; }
.evidence { display: block; font-size: 11px; color: #59636e; }
.evidence code { overflow-wrap: anywhere; }
.dates { display: block; font-size: 11px; color: #59636e; }
.note { white-space: pre-wrap; font-size: 12px; margin-top: 2px; color: #1f2328; }
a { color: #0550ae; }
.scroll { overflow-x: auto; }
footer { margin-top: 16px; font-size: 12px; color: #59636e; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  header { break-inside: avoid; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  tr.level { break-after: avoid; page-break-after: avoid; }
  a { color: inherit; }
  .scroll { overflow: visible; }
}
"#;

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Done => "done",
        Status::InProgress => "in-progress",
        Status::Todo => "todo",
        Status::Skip => "skip",
    }
}

fn status_words(lang: Lang, status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Done => ("✔", tr(lang, "done", "hecha")),
        Status::InProgress => ("◐", tr(lang, "in progress", "en curso")),
        Status::Todo => ("·", tr(lang, "todo", "pendiente")),
        Status::Skip => ("⊘", tr(lang, "skipped", "omitida")),
    }
}

/// A stored date as the day it fell on in `tz`, or the cleaned text when it is not a date.
fn day(value: &str, tz: &TimeZone) -> String {
    match value.parse::<Timestamp>() {
        Ok(ts) => tz.to_datetime(ts).date().to_string(),
        Err(_) => clean(value, false),
    }
}

/// A note: escaped text, newlines kept, web addresses as links.
pub fn note_html(note: &str) -> String {
    let note = clean(note, true);
    let mut out = String::new();
    for piece in links(&note) {
        match piece {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Link(url) => {
                let url = escape(url);
                let _ = write!(
                    out,
                    r#"<a href="{url}" rel="noopener noreferrer">{url}</a>"#
                );
            }
        }
    }
    out
}

fn cell_html(o: &mut String, cell: Option<&Cell>, lang: Lang, tz: &TimeZone) {
    let status = cell.map(|c| c.status).unwrap_or_default();
    let verified = cell
        .filter(|c| c.status == Status::Done)
        .and_then(Cell::verified);
    let (mark, word) = match verified {
        Some(_) => ("☑", tr(lang, "done, verified", "hecha, verificada")),
        None => status_words(lang, status),
    };
    let class = if verified.is_some() {
        "done verified"
    } else {
        status_class(status)
    };
    let _ = write!(
        o,
        r#"<td class="{class}"><span class="mark">{mark}</span> {word}"#
    );
    if let Some(c) = cell {
        let dates: Vec<String> = [
            (tr(lang, "started", "empezada"), &c.started_at),
            (tr(lang, "done", "hecha"), &c.done_at),
        ]
        .into_iter()
        .filter_map(|(label, value)| {
            let value = value.as_deref()?;
            Some(format!(
                r#"{label} <time datetime="{}">{}</time>"#,
                text(value),
                escape(&day(value, tz))
            ))
        })
        .collect();
        if !dates.is_empty() {
            let _ = write!(o, r#"<span class="dates">{}</span>"#, dates.join(" · "));
        }
        if let Some(v) = verified {
            let mut facts = vec![format!(
                "{} {}",
                crate::model::verified::duration_words(v.ms),
                tr(lang, "of tests", "de pruebas")
            )];
            if let Some(commit) = &v.commit {
                facts.push(format!("commit {}", escape(&clean(commit, false))));
            }
            let _ = write!(
                o,
                r#"<span class="evidence"><code>{}</code> · {}</span>"#,
                escape(&clean(&v.command, false)),
                facts.join(" · ")
            );
        }
        if let Some(note) = c.note().filter(|n| !n.trim().is_empty()) {
            let _ = write!(o, r#"<div class="note">{}</div>"#, note_html(note));
        }
    }
    o.push_str("</td>");
}

/// The grid's language columns: where many languages would squeeze them below a readable
/// width, the table keeps that width and scrolls sideways (printed, it shrinks to the page);
/// a header wider than its column is abbreviated, told apart from the others, the whole name
/// in its `title`.
struct Columns {
    /// A rule of the page's style for the table's width, or nothing.
    css: String,
    labels: Vec<String>,
}

/// The narrowest and the widest a language's column is drawn where there are many, and the
/// task text's column beside them, in em.
const COLUMN_EM: f64 = 6.5;
const MAX_COLUMN_EM: f64 = 9.0;
const TASK_EM: f64 = 18.0;
/// The least room the page is assumed to have, in em: a 1000-pixel window.
const PAGE_EM: f64 = 68.0;
/// The number column and the cells' padding (12 pixels at 14).
const NUMBER_EM: f64 = 3.2;
const PADDING_EM: f64 = 12.0 / 14.0;

impl Columns {
    fn new(r: &crate::model::Roadmap) -> Columns {
        let n = r.tracks.len().max(1) as f64;
        // As wide as the widest header, within bounds.
        let wanted = r
            .tracks
            .iter()
            .map(|t| text_width(&t.name, 14.0, true) / 14.0 + PADDING_EM)
            .fold(COLUMN_EM, f64::max)
            .min(MAX_COLUMN_EM);
        // The task column takes 28% of the width where the languages leave it room.
        let natural = (PAGE_EM * 0.72 - NUMBER_EM) / n;
        let (css, column_em) = if natural >= wanted {
            (String::new(), natural)
        } else {
            let min = NUMBER_EM + TASK_EM + n * wanted;
            (
                format!(
                    "@media screen {{\n  table#grid {{ min-width: {min:.1}em; }}\n  \
                     col.task {{ width: {TASK_EM}em; }}\n}}\n"
                ),
                wanted,
            )
        };
        let room = (column_em - PADDING_EM) * 14.0;
        let labels = headers(&r.tracks, |l| text_width(l, 14.0, true) <= room);
        Columns { css, labels }
    }
}

/// The report as one HTML document, its words and task text in `lang`, dates read in `tz`.
/// A self-contained page from its start to `<body>`: its language, its title (HTML already) and
/// its style, under a policy that lets nothing load or run.
pub fn head(lang: Lang, title: &str, style: &[&str]) -> String {
    let mut o = String::with_capacity(8192);
    let _ = write!(
        o,
        r#"<!DOCTYPE html>
<html lang="{}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{}</style>
</head>
"#,
        lang.code(),
        style.concat()
    );
    o
}

pub fn report(data: &CardData, progress: &Progress, lang: Lang, tz: &TimeZone) -> String {
    super::in_memory(|w| report_to(data, progress, lang, tz, w))
}

/// Writes the report to `out` a row at a time, never the whole document in memory.
pub fn report_to(
    data: &CardData,
    progress: &Progress,
    lang: Lang,
    tz: &TimeZone,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let r = data.roadmap;
    let s = &data.stats;
    let title = text(r.title.get(lang));
    let columns = Columns::new(r);
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let mut o = head(
        lang,
        &format!("{title} · {}/{}", s.total_done(), s.total_cells()),
        &[STYLE, &columns.css],
    );
    let _ = write!(
        o,
        r#"<body>
<header>
{}</header>
<main>
<h2>{}</h2>
<div class="scroll">
<table id="grid">
<colgroup><col class="num"><col class="task">{}</colgroup>
<thead><tr><th>#</th><th>{}</th>"#,
        svg::card(data, lang, Theme::Light),
        tr(lang, "Every task", "Todas las tareas"),
        "<col>".repeat(r.tracks.len()),
        tr(lang, "Task", "Tarea"),
    );
    for (track, label) in r.tracks.iter().zip(&columns.labels) {
        if *label == track.name {
            let _ = write!(o, "<th>{}</th>", text(&track.name));
        } else {
            let _ = write!(
                o,
                r#"<th><abbr title="{}">{}</abbr></th>"#,
                text(&track.name),
                text(label)
            );
        }
    }
    o.push_str("</tr></thead>\n");
    let span = r.tracks.len() + 2;
    for (l, level) in r.levels.iter().enumerate() {
        let (done, cells) = (s.level_done(l), s.level_cells(l));
        let _ = writeln!(
            o,
            r#"<tbody><tr class="level"><th colspan="{span}" scope="colgroup">{}<span class="count">{done}/{cells} · {:.1}%</span></th></tr>"#,
            text(&level.name),
            percent_tenths(done, cells)
        );
        for pos in r.level_range(l) {
            let task = r.task(pos);
            let _ = write!(
                o,
                r#"<tr id="task-{}"><td class="num">{}</td><td class="text">{}</td>"#,
                task.id,
                task.id,
                text(task.text.get(lang))
            );
            for track in &r.tracks {
                cell_html(&mut o, progress.cell(task.id, &track.id), lang, tz);
            }
            o.push_str("</tr>\n");
            out.write_all(o.as_bytes())?;
            o.clear();
        }
        o.push_str("</tbody>\n");
    }
    let _ = write!(
        o,
        "</table>\n</div>\n</main>\n<footer>{} {} · roadmap-tui</footer>\n</body>\n</html>\n",
        tr(lang, "As of", "Al"),
        data.calendar.today
    );
    out.write_all(o.as_bytes())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_keep_lines_and_link_only_web_addresses() {
        assert_eq!(
            note_html("a <b>\nhttps://x.dev/?a=1&b=2 javascript:alert(1)"),
            "a &lt;b&gt;\n<a href=\"https://x.dev/?a=1&amp;b=2\" rel=\"noopener noreferrer\">\
             https://x.dev/?a=1&amp;b=2</a> javascript:alert(1)"
        );
    }
}
