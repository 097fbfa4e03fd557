//! The cohort as one self-contained HTML page, like the report: no script, no external
//! resource (a Content-Security-Policy says so), light colours of WCAG AA contrast. A table of
//! the learners, one table per level (learners × languages, done/total shaded none, some, most,
//! all as the grid's theme does, "all" marked ✔ too), the attention list and the problems.

use std::fmt::Write as _;
use std::io::{self, Write};

use jiff::civil::Date;

use super::{Column, columns, track};
use crate::cohort::{Cohort, Count, Learner};
use crate::i18n::tr;
use crate::interchange::markup::text;
use crate::model::{Lang, Roadmap};

const STYLE: &str = r#"
:root { color-scheme: light; }
body { margin: 24px; color: #1f2328; background: #ffffff;
  font: 14px/1.45 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; }
p.as-of { color: #59636e; margin: 0; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
td.none { color: #59636e; }
td.some { background: #fff8c5; }
td.most { background: #ddf4ff; }
td.all { background: #aceebb; font-weight: bold; }
td.absent { color: #59636e; }
.muted { color: #59636e; }
ul.attention li, ul.problems li { margin: 2px 0; }
.scroll { overflow-x: auto; }
footer { margin-top: 16px; font-size: 12px; color: #59636e; }
@media print {
  body { margin: 0; font-size: 9pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  .scroll { overflow: visible; }
}
"#;

/// A done/total cell, shaded by its share as the grid's theme shades a ratio.
fn count_cell(o: &mut String, c: &Count) {
    let class = if c.total == 0 || c.done == 0 {
        "none"
    } else if c.done >= c.total {
        "all"
    } else if c.done * 2 >= c.total {
        "most"
    } else {
        "some"
    };
    let mark = if class == "all" { "✔ " } else { "" };
    let _ = write!(
        o,
        r#"<td class="n {class}">{mark}{}/{}</td>"#,
        c.done, c.total
    );
}

/// Writes the page of the learners in `order`, its words in `lang`.
pub fn html_to(
    roadmap: &Roadmap,
    cohort: &Cohort,
    order: &[usize],
    today: Date,
    lang: Lang,
    out: &mut dyn Write,
) -> io::Result<()> {
    let cols = columns(roadmap, cohort);
    let mut out = io::BufWriter::with_capacity(64 * 1024, out);
    let title = format!(
        "{} · {}",
        tr(lang, "Cohort", "Grupo"),
        text(roadmap.title.get(lang))
    );
    let mut o = crate::interchange::html::head(lang, &title, &[STYLE]);
    let _ = write!(
        o,
        r#"<body>
<header>
<h1>{title}</h1>
<p class="as-of">{} · {} {today}</p>
</header>
<main>
"#,
        match lang {
            Lang::En => format!("{} learners", cohort.learners.len()),
            Lang::Es => format!("{} estudiantes", cohort.learners.len()),
        },
        tr(lang, "as of", "al"),
    );
    attention(&mut o, cohort, order, lang);
    out.write_all(o.as_bytes())?;
    o.clear();
    learners_table(&mut o, cohort, order, lang);
    out.write_all(o.as_bytes())?;
    o.clear();
    for (l, level) in roadmap.levels.iter().enumerate() {
        level_table(&mut o, cohort, order, &cols, l, &level.name, lang);
        out.write_all(o.as_bytes())?;
        o.clear();
    }
    problems(&mut o, cohort, lang);
    let _ = write!(
        o,
        "</main>\n<footer>{} {today} · roadmap-tui</footer>\n</body>\n</html>\n",
        tr(lang, "As of", "Al"),
    );
    out.write_all(o.as_bytes())?;
    out.flush()
}

fn attention(o: &mut String, cohort: &Cohort, order: &[usize], lang: Lang) {
    let _ = writeln!(
        o,
        "<h2 id=\"attention\">{}</h2>",
        tr(lang, "Needs attention", "Necesita atención")
    );
    let flagged: Vec<&Learner> = order
        .iter()
        .map(|&i| &cohort.learners[i])
        .filter(|l| !l.summary.attention.is_empty())
        .collect();
    if flagged.is_empty() {
        let _ = writeln!(
            o,
            "<p class=\"muted\">{}</p>",
            tr(lang, "Nobody.", "Nadie.")
        );
        return;
    }
    o.push_str("<ul class=\"attention\">\n");
    for l in flagged {
        let reasons: Vec<String> = l.summary.attention.iter().map(|r| r.text(lang)).collect();
        let _ = writeln!(
            o,
            "<li><strong>{}</strong>: {}</li>",
            text(&l.name),
            text(&reasons.join("; "))
        );
    }
    o.push_str("</ul>\n");
}

fn learners_table(o: &mut String, cohort: &Cohort, order: &[usize], lang: Lang) {
    let _ = write!(
        o,
        "<h2 id=\"learners\">{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">%</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        tr(lang, "Learners", "Estudiantes"),
        tr(lang, "Name", "Nombre"),
        tr(lang, "Done", "Hechas"),
        tr(lang, "In progress", "En curso"),
        tr(lang, "Last activity", "Última actividad"),
        tr(lang, "Cells per week", "Celdas por semana"),
        tr(lang, "Read from", "Leído de"),
    );
    for &i in order {
        let l = &cohort.learners[i];
        let s = &l.summary;
        let _ = write!(o, "<tr><th scope=\"row\">{}</th>", text(&l.name));
        count_cell(o, &s.overall);
        let _ = writeln!(
            o,
            "<td class=\"n\">{:.1}</td><td class=\"n\">{}</td><td>{}</td><td class=\"n\">{:.1}</td><td class=\"muted\">{}</td></tr>",
            s.overall.percent(),
            s.overall.in_progress,
            s.last_activity
                .map_or_else(|| "—".to_owned(), |d| d.to_string()),
            s.pace_per_week,
            text(&l.source.to_string()),
        );
    }
    o.push_str("</tbody>\n</table></div>\n");
}

fn level_table(
    o: &mut String,
    cohort: &Cohort,
    order: &[usize],
    cols: &[Column],
    level: usize,
    name: &str,
    lang: Lang,
) {
    let _ = write!(
        o,
        "<h2 id=\"level-{level}\">{}</h2>\n<div class=\"scroll\"><table>\n<thead><tr><th scope=\"col\">{}</th>",
        text(name),
        tr(lang, "Name", "Nombre"),
    );
    for c in cols {
        let _ = write!(o, "<th scope=\"col\">{}</th>", text(&c.name));
    }
    let _ = write!(
        o,
        "<th scope=\"col\">{}</th></tr></thead>\n<tbody>\n",
        tr(lang, "All", "Total")
    );
    for &i in order {
        let l = &cohort.learners[i];
        let _ = write!(o, "<tr><th scope=\"row\">{}</th>", text(&l.name));
        let tracks = &l.summary.tracks;
        for c in cols {
            match (track(l, &c.id), tracks.iter().position(|t| t.id == c.id)) {
                (Some(_), Some(t)) => {
                    let stats = &l.summary.stats;
                    let count = Count {
                        done: stats.done(level, t),
                        in_progress: stats.in_progress(level, t),
                        skipped: stats.skipped(level, t),
                        total: stats.cells(level, t),
                    };
                    count_cell(o, &count);
                }
                _ => o.push_str("<td class=\"absent\">—</td>"),
            }
        }
        count_cell(o, &l.summary.levels[level]);
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table></div>\n");
}

fn problems(o: &mut String, cohort: &Cohort, lang: Lang) {
    if cohort.problems.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "<h2 id=\"problems\">{}</h2>\n<ul class=\"problems\">",
        tr(
            lang,
            "Files that could not be read",
            "Archivos que no se pudieron leer"
        )
    );
    for p in &cohort.problems {
        let _ = writeln!(
            o,
            "<li><code>{}</code>: {}</li>",
            text(&p.source.to_string()),
            text(&p.kind.text(lang))
        );
    }
    o.push_str("</ul>\n");
}
