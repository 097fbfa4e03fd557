//! The progress card: one plain SVG 1.1 image, sized by its `viewBox` for a README (830 units
//! wide, GitHub's README width). The roadmap's title, done/total and percent, a bar per language,
//! the levels × languages matrix shaded by share done, the current streak and a calendar of the
//! last 52 weeks. No scripts, fonts, images or links: only shapes and escaped text.

use std::fmt::Write;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::markup::text;
use super::measure::{fit, most_legible, text_width};
use crate::i18n::{month_abbr, tr};
use crate::model::activity::{Activity, CALENDAR_WEEKS, Calendar};
use crate::model::stats::{percent, percent_tenths};
use crate::model::{Lang, Progress, Roadmap, Stats};

mod layout;

use layout::{BLOCK_GAP, BLOCK_HEAD, Bars, Layout, MATRIX_ROW, Matrix, ROW, layout};

/// The card's width in user units.
pub const WIDTH: u32 = 830;
const PAD: u32 = 24;
/// The calendar's day square and the distance from one to the next.
pub const DAY: u32 = 11;
pub const DAY_PITCH: u32 = 14;
const FONT: &str = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif";

/// The card's colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

struct Palette {
    background: &'static str,
    border: &'static str,
    text: &'static str,
    muted: &'static str,
    track: &'static str,
    fill: &'static str,
    /// Nothing done, then four steps up to the most.
    shades: [&'static str; 5],
    /// Text on the shades where `text` would not stand out (light theme: the darkest).
    on_shade: &'static str,
}

const LIGHT: Palette = Palette {
    background: "#ffffff",
    border: "#d0d7de",
    text: "#1f2328",
    muted: "#59636e",
    track: "#eaeef2",
    fill: "#1a7f37",
    shades: ["#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"],
    on_shade: "#ffffff",
};

const DARK: Palette = Palette {
    background: "#0d1117",
    border: "#30363d",
    text: "#e6edf3",
    muted: "#9198a1",
    track: "#21262d",
    fill: "#3fb950",
    shades: ["#161b22", "#0e4429", "#006d32", "#26a641", "#39d353"],
    on_shade: "#0d1117",
};

impl Theme {
    fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }

    /// The fill of a calendar day or matrix cell of shade 0–4.
    pub fn shade(self, step: u8) -> &'static str {
        self.palette().shades[usize::from(step.min(4))]
    }

    /// The filled part of a bar.
    pub fn bar_fill(self) -> &'static str {
        self.palette().fill
    }

    /// The empty part of a bar.
    pub fn bar_track(self) -> &'static str {
        self.palette().track
    }

    pub fn background(self) -> &'static str {
        self.palette().background
    }
}

/// Everything the card shows, computed once.
pub struct CardData<'a> {
    pub roadmap: &'a Roadmap,
    pub stats: Stats,
    pub calendar: Calendar,
    pub streak: usize,
    /// Done cells verified by running their tests.
    pub verified: usize,
}

impl<'a> CardData<'a> {
    /// The figures as of `today`, reading done dates in `tz`.
    pub fn compute(
        roadmap: &'a Roadmap,
        progress: &Progress,
        today: Date,
        tz: &TimeZone,
    ) -> CardData<'a> {
        CardData {
            roadmap,
            stats: Stats::compute(roadmap, progress),
            calendar: Calendar::compute(progress, today, tz, CALENDAR_WEEKS),
            streak: Activity::compute(progress, today, tz).streak,
            verified: crate::model::verified::by_track(roadmap, progress)
                .iter()
                .sum(),
        }
    }
}

/// Percent with one decimal, as `stats --json` gives it.
fn pct(done: usize, total: usize) -> String {
    format!("{:.1}%", percent_tenths(done, total))
}

/// A 0–4 shade for a share done: nothing, then quarters, so any progress shows.
pub fn share_shade(done: usize, total: usize) -> u8 {
    if done == 0 || total == 0 {
        0
    } else {
        (done * 4).div_ceil(total).clamp(1, 4) as u8
    }
}

/// The streak in words: "3 days", "1 day".
pub fn streak_words(lang: Lang, streak: usize) -> String {
    let days = if streak == 1 {
        tr(lang, "day", "día")
    } else {
        tr(lang, "days", "días")
    };
    format!("{streak} {days}")
}

/// The card as an SVG document in the palette of `theme`, its words in `lang`.
pub fn card(data: &CardData, lang: Lang, theme: Theme) -> String {
    let p = theme.palette();
    let r = data.roadmap;
    let s = &data.stats;
    let l = layout(data);
    let (w, h) = (WIDTH, l.height);
    let mut o = String::with_capacity(64 * 1024);
    let title = r.title.get(lang);
    let (done, total) = (s.total_done(), s.total_cells());
    let summary = format!(
        "{}: {done}/{total} {} ({})",
        title,
        tr(lang, "done", "hechas"),
        pct(done, total)
    );
    let _ = write!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="card-title" font-family="{FONT}">
<title id="card-title">{}</title>
<rect x="0.5" y="0.5" width="{}" height="{}" rx="8" fill="{}" stroke="{}"/>
"#,
        text(&summary),
        w - 1,
        h - 1,
        p.background,
        p.border
    );

    // The heading: title on the left, the overall figures on the right.
    let percent = pct(done, total);
    let title_room = f64::from(w - 2 * PAD) - text_width(&percent, 22.0, true) - 16.0;
    let _ = writeln!(
        o,
        r#"<text x="{PAD}" y="42" font-size="20" font-weight="bold" fill="{}">{}</text>"#,
        p.text,
        text(&fit(title, title_room, 20.0, true))
    );
    let _ = writeln!(
        o,
        r#"<text id="overall-percent" x="{}" y="42" font-size="22" font-weight="bold" fill="{}" text-anchor="end">{percent}</text>"#,
        w - PAD,
        p.fill,
    );
    let in_progress = s.total_in_progress();
    // Skipped cells are named only where there are some: they are in no figure of the card.
    let skipped = match s.total_skipped() {
        0 => String::new(),
        n => format!(" · {n} {}", tr(lang, "skipped", "omitidas")),
    };
    // Cells verified by their tests, where there are any: ☑ as in the grid.
    let verified = if data.verified > 0 {
        format!(
            r#" · <tspan id="verified" font-weight="bold" fill="{}">☑ {}</tspan> {}"#,
            p.text,
            data.verified,
            tr(lang, "verified", "verificadas")
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        o,
        r#"<text x="{PAD}" y="66" font-size="13" fill="{}"><tspan id="overall" font-weight="bold" fill="{}">{done}/{total}</tspan> {}{verified} · {in_progress} {}{skipped} · {}: <tspan id="streak" font-weight="bold" fill="{}">{}</tspan></text>"#,
        p.muted,
        p.text,
        tr(lang, "cells done", "celdas hechas"),
        tr(lang, "in progress", "en curso"),
        tr(lang, "current streak", "racha actual"),
        p.text,
        streak_words(lang, data.streak)
    );
    bar(
        &mut o,
        p,
        "overall-bar",
        PAD,
        80,
        w - 2 * PAD,
        10,
        done,
        total,
    );

    bars(&mut o, data, &l.bars, p, lang);
    matrix(&mut o, data, &l.matrix, p, lang);
    calendar(&mut o, data, &l, p, lang);
    o.push_str("</svg>\n");
    o
}

/// A bar per language, with its name and figures.
fn bars(o: &mut String, data: &CardData, b: &Bars, p: &Palette, lang: Lang) {
    let (r, s) = (data.roadmap, &data.stats);
    let top = b.top;
    let _ = writeln!(
        o,
        r#"<text x="{PAD}" y="{top}" font-size="12" font-weight="bold" fill="{}">{}</text>"#,
        p.muted,
        tr(lang, "By language", "Por lenguaje")
    );
    let bar_x = b.name_w.ceil() as u32 + 8;
    for (t, track) in r.tracks.iter().enumerate() {
        let x = b.columns[t / b.rows.max(1)];
        let y = top + 14 + (t % b.rows.max(1)) as u32 * ROW;
        let (done, task_total) = (s.track_done(t), s.track_cells(t));
        let _ = writeln!(
            o,
            r#"<text x="{x}" y="{}" font-size="12" fill="{}">{}</text>"#,
            y + 11,
            p.text,
            text(&fit(&track.name, b.name_w, 12.0, false))
        );
        bar(
            o,
            p,
            &format!("bar-{}", track.id),
            x + bar_x,
            y + 2,
            b.bar_w,
            10,
            done,
            task_total,
        );
        let _ = writeln!(
            o,
            r#"<text id="percent-{}" x="{}" y="{}" font-size="12" fill="{}">{} <tspan fill="{}">{done}/{task_total}</tspan></text>"#,
            track.id,
            x + bar_x + b.bar_w + 8,
            y + 11,
            p.text,
            pct(done, task_total),
            p.muted
        );
    }
}

/// The levels × languages matrix, each cell shaded by the share done and labelled where the
/// label fits, in text that stands out on its shade.
fn matrix(o: &mut String, data: &CardData, m: &Matrix, p: &Palette, lang: Lang) {
    let (r, s) = (data.roadmap, &data.stats);
    let _ = writeln!(
        o,
        r#"<text x="{}" y="{}" font-size="12" font-weight="bold" fill="{}">{}</text>"#,
        m.x,
        m.top,
        p.muted,
        tr(lang, "Levels × languages", "Niveles × lenguajes")
    );
    let cw = m.cell;
    let cells_x = m.x + m.level_w + 8;
    let levels = r.levels.len() as u32;
    let block_h = BLOCK_HEAD + levels * MATRIX_ROW + BLOCK_GAP;
    for (block, first) in (0..r.tracks.len()).step_by(m.per_block).enumerate() {
        let top = m.top + block as u32 * block_h;
        let tracks = first..(first + m.per_block).min(r.tracks.len());
        for t in tracks.clone() {
            let x = cells_x + (t - first) as u32 * cw + (cw - 3) / 2;
            let _ = writeln!(
                o,
                r#"<text id="head-{}" x="{x}" y="{}" font-size="10" fill="{}" text-anchor="middle">{}</text>"#,
                r.tracks[t].id,
                top + 26,
                p.muted,
                text(&m.labels[t])
            );
        }
        for (li, level) in r.levels.iter().enumerate() {
            let y = top + BLOCK_HEAD + li as u32 * MATRIX_ROW;
            let _ = writeln!(
                o,
                r#"<text x="{}" y="{}" font-size="11" fill="{}">{}</text>"#,
                m.x,
                y + 12,
                p.text,
                text(&fit(&level.name, f64::from(m.level_w), 11.0, false))
            );
            for t in tracks.clone() {
                let track = &r.tracks[t];
                let (done, tasks) = (s.done(li, t), s.cells(li, t));
                let fill = p.shades[usize::from(share_shade(done, tasks))];
                let x = cells_x + (t - first) as u32 * cw;
                let _ = writeln!(
                    o,
                    r#"<rect id="cell-{li}-{}" x="{x}" y="{y}" width="{}" height="{}" rx="2" fill="{fill}"><title>{} × {}: {done}/{tasks} ({})</title></rect>"#,
                    track.id,
                    cw - 3,
                    MATRIX_ROW - 3,
                    text(&level.name),
                    text(&track.name),
                    pct(done, tasks)
                );
                // done/total where it fits the cell, else the whole percentage, else nothing.
                let label = [
                    format!("{done}/{tasks}"),
                    format!("{}%", percent(done, tasks)),
                ]
                .into_iter()
                .find(|t| text_width(t, 10.0, false) + 4.0 <= f64::from(cw - 3));
                if let Some(label) = label {
                    let _ = writeln!(
                        o,
                        r#"<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="middle">{label}</text>"#,
                        x + (cw - 3) / 2,
                        y + 12,
                        most_legible(fill, &[p.text, p.on_shade])
                    );
                }
            }
        }
    }
}

/// A bar `width` long, filled in proportion to `done` of `total`.
#[allow(clippy::too_many_arguments)]
fn bar(
    o: &mut String,
    p: &Palette,
    id: &str,
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    done: usize,
    total: usize,
) {
    let filled = if total == 0 {
        0.0
    } else {
        width as f64 * done as f64 / total as f64
    };
    let _ = writeln!(
        o,
        r#"<rect id="{id}" x="{x}" y="{y}" width="{width}" height="{height}" rx="{}" fill="{}"/>"#,
        height / 2,
        p.track
    );
    if done > 0 {
        let _ = writeln!(
            o,
            r#"<rect id="{id}-fill" x="{x}" y="{y}" width="{filled:.1}" height="{height}" rx="{}" fill="{}"/>"#,
            height / 2,
            p.fill
        );
    }
}

/// The last 52 weeks, a column per week (Monday on top), shaded by completions that day.
fn calendar(o: &mut String, data: &CardData, l: &Layout, p: &Palette, lang: Lang) {
    let c = &data.calendar;
    let top = l.calendar_top;
    let _ = writeln!(
        o,
        r#"<text x="{PAD}" y="{top}" font-size="12" font-weight="bold" fill="{}">{} · <tspan id="year-total">{}</tspan> {}</text>"#,
        p.muted,
        tr(lang, "Last 52 weeks", "Últimas 52 semanas"),
        c.total(),
        tr(lang, "cells completed", "celdas completadas")
    );
    let x0 = PAD + 32;
    let grid_top = top + 24;
    for (week, month) in c.month_starts() {
        let _ = writeln!(
            o,
            r#"<text x="{}" y="{}" font-size="10" fill="{}">{}</text>"#,
            x0 + week as u32 * DAY_PITCH,
            grid_top - 6,
            p.muted,
            month_abbr(lang, month)
        );
    }
    let weekdays = [
        (0, tr(lang, "Mon", "lun")),
        (2, tr(lang, "Wed", "mié")),
        (4, tr(lang, "Fri", "vie")),
    ];
    for (row, name) in weekdays {
        let _ = writeln!(
            o,
            r#"<text x="{PAD}" y="{}" font-size="10" fill="{}">{name}</text>"#,
            grid_top + row * DAY_PITCH + 9,
            p.muted
        );
    }
    for week in 0..c.weeks() {
        for weekday in 0..7 {
            let Some(count) = c.count(week, weekday) else {
                continue;
            };
            let x = x0 + week as u32 * DAY_PITCH;
            let y = grid_top + weekday as u32 * DAY_PITCH;
            let date = c.date(week, weekday);
            let fill = p.shades[usize::from(c.shade(count))];
            let _ = writeln!(
                o,
                r#"<rect id="day-{date}" x="{x}" y="{y}" width="{DAY}" height="{DAY}" rx="2" fill="{fill}"><title>{date}: {count}</title></rect>"#
            );
        }
    }
    // The legend, under the calendar on the right.
    let ly = grid_top + 7 * DAY_PITCH + 12;
    let lx = WIDTH - PAD - 5 * DAY_PITCH - 36;
    let _ = writeln!(
        o,
        r#"<text x="{}" y="{}" font-size="10" fill="{}" text-anchor="end">{}</text>"#,
        lx - 4,
        ly + 9,
        p.muted,
        tr(lang, "Less", "Menos")
    );
    for (i, shade) in p.shades.iter().enumerate() {
        let _ = writeln!(
            o,
            r#"<rect x="{}" y="{ly}" width="{DAY}" height="{DAY}" rx="2" fill="{shade}"/>"#,
            lx + i as u32 * DAY_PITCH
        );
    }
    let _ = writeln!(
        o,
        r#"<text x="{}" y="{}" font-size="10" fill="{}">{}</text>"#,
        lx + 5 * DAY_PITCH + 2,
        ly + 9,
        p.muted,
        tr(lang, "More", "Más")
    );
    let _ = writeln!(
        o,
        r#"<text x="{PAD}" y="{}" font-size="10" fill="{}">{} {}</text>"#,
        ly + 9,
        p.muted,
        tr(lang, "as of", "al"),
        c.today
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_shade_in_quarters() {
        assert_eq!(share_shade(0, 25), 0);
        assert_eq!(share_shade(1, 25), 1);
        assert_eq!(share_shade(7, 25), 2);
        assert_eq!(share_shade(25, 25), 4);
        assert_eq!(share_shade(0, 0), 0);
    }
}
