//! `goal`: set, clear or show a target date for the whole roadmap or one language; and the goal
//! lines `stats` prints.

use std::io::Write;
use std::path::Path;

use jiff::civil::Date;

use unicode_width::UnicodeWidthStr;

use super::{CliError, emit, find_track, today};
use crate::i18n::tr;
use crate::model::goal::{self, Goal, Pace, Verdict, per_week};
use crate::model::{Lang, Progress, Roadmap, tracks};
use crate::state::{self, Store};
use crate::ui::text::truncate;

/// What `goal` was asked.
pub struct GoalArgs<'a> {
    pub date: Option<&'a str>,
    pub track: Option<&'a str>,
    pub clear: bool,
}

pub fn run(
    roadmap: &Roadmap,
    data: &Path,
    args: GoalArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let tz = crate::clock::local_zone();
    let today = today(&tz)?;
    let settings = state::read(data)?.settings;
    let full = tracks::full_roadmap(roadmap, &settings);
    let key = match args.track {
        Some(name) => full.tracks[find_track(&full, name)?].id.clone(),
        None => goal::ALL.to_owned(),
    };
    let what = if key == goal::ALL {
        tr(lang, "the whole roadmap", "toda la hoja de ruta").to_owned()
    } else {
        full.tracks[full.track_index(&key).unwrap_or(0)]
            .name
            .clone()
    };
    if !args.clear && args.date.is_none() {
        // Show the goals.
        let progress = state::read(data)?;
        let visible = tracks::visible_roadmap(roadmap, &progress.settings);
        let paces = Pace::all(&visible, &full, &progress, today, &tz);
        let text = if paces.is_empty() {
            tr(
                lang,
                "No goal. Set one with: roadmap-tui goal 2027-06-01 [--track ID]\n",
                "Ninguna meta. Fija una con: roadmap-tui goal 2027-06-01 [--track ID]\n",
            )
            .to_owned()
        } else {
            lines(&paces, lang)
        };
        return emit(out, &text);
    }
    let goal = match args.date {
        Some(text) if !args.clear => Some(Goal::new(
            goal::parse_target(text, today, Lang::En).map_err(CliError::Input)?,
        )),
        _ => None,
    };
    let (mut store, mut progress) = Store::open(data)?;
    let before = progress.settings.goals.get(&key).cloned();
    let text = match &goal {
        Some(g) => {
            progress.settings.set_goal(&key, goal.clone());
            let visible = tracks::visible_roadmap(roadmap, &progress.settings);
            let full = tracks::full_roadmap(roadmap, &progress.settings);
            let pace = Pace::compute(&key, g, &visible, &full, &progress, today, &tz);
            format!(
                "{} {what}: {}\n{}",
                tr(lang, "Goal for", "Meta para"),
                g.date,
                pace.map(|p| lines(&[p], lang)).unwrap_or_default()
            )
        }
        None if before.is_none() => match lang {
            Lang::En => format!("No goal for {what} (unchanged)\n"),
            Lang::Es => format!("Ninguna meta para {what} (sin cambios)\n"),
        },
        None => {
            progress.settings.set_goal(&key, None);
            match lang {
                Lang::En => format!("Goal for {what} cleared\n"),
                Lang::Es => format!("Meta para {what} quitada\n"),
            }
        }
    };
    if progress.settings.goals.get(&key) != before.as_ref() {
        store.save(&progress)?;
    }
    emit(out, &text)
}

fn verdict(v: Verdict, lang: Lang) -> String {
    let cells = |n: usize| match (lang, n) {
        (Lang::En, 1) => "cell",
        (Lang::En, _) => "cells",
        (Lang::Es, 1) => "celda",
        (Lang::Es, _) => "celdas",
    };
    match v {
        Verdict::Reached => tr(lang, "reached", "lograda").to_owned(),
        Verdict::OnTrack => tr(lang, "on track", "al día").to_owned(),
        Verdict::Behind(n) => match lang {
            Lang::En => format!("behind by {n} {}", cells(n)),
            Lang::Es => format!("atrasada {n} {}", cells(n)),
        },
        Verdict::Missed => tr(lang, "the date has passed", "la fecha ya pasó").to_owned(),
    }
}

/// The widest line `stats` prints.
const WIDTH: usize = 80;

/// The goals as `stats` and `goal` print them, in `lang`: a line each, then the figures on two
/// indented lines, every line at most 80 columns wide (a long language name is cut).
pub fn lines(paces: &[Pace], lang: Lang) -> String {
    let mut out = String::new();
    for p in paces {
        let name = p
            .name
            .as_deref()
            .unwrap_or(tr(lang, "All languages", "Todos los lenguajes"));
        let days = p.days_left.max(0);
        let (head, by, rest) = match lang {
            Lang::En => (
                "Goal",
                "by",
                format!("{} ({days} days): {}", p.target, verdict(p.verdict, lang)),
            ),
            Lang::Es => (
                "Meta",
                "para el",
                format!("{} ({days} días): {}", p.target, verdict(p.verdict, lang)),
            ),
        };
        let room = WIDTH.saturating_sub(format!("{head}   {by} {rest}").width());
        out.push_str(&format!("{head}  {} {by} {rest}\n", truncate(name, room)));
        let finish = p.projected.map_or_else(
            || tr(lang, "no pace yet", "sin ritmo aún").to_owned(),
            |d: Date| d.to_string(),
        );
        let (need, pace) = (per_week(p.per_week_needed), per_week(p.pace_per_week));
        // What is left, then the pace: a line each, cut further where a line would not fit.
        let [left, pace] = match lang {
            Lang::En => [
                [
                    format!("{} of {} cells left", p.left, p.total),
                    format!("{need}/week needed"),
                ],
                [
                    format!("pace {pace}/week over the last 4 weeks"),
                    format!("finish at this pace: {finish}"),
                ],
            ],
            Lang::Es => [
                [
                    format!("quedan {} de {} celdas", p.left, p.total),
                    format!("hacen falta {need}/semana"),
                ],
                [
                    format!("ritmo {pace}/semana en las últimas 4 semanas"),
                    format!("fin a este ritmo: {finish}"),
                ],
            ],
        };
        out.push_str(&packed(&left, "  ", " · "));
        out.push_str(&packed(&pace, "  ", " · "));
    }
    out
}

/// `parts` joined by `separator` on lines that start with `indent` and fit 80 columns, a new
/// line where the next part would not fit.
fn packed(parts: &[String], indent: &str, separator: &str) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for part in parts {
        if !line.is_empty() && (line.clone() + separator + part).width() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if line.is_empty() {
            line.push_str(indent);
        } else {
            line.push_str(separator);
        }
        line.push_str(part);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// Every goal of `progress`, measured today.
pub fn paces(
    roadmap: &Roadmap,
    visible: &Roadmap,
    progress: &Progress,
) -> Result<Vec<Pace>, CliError> {
    if progress.settings.goals.is_empty() {
        return Ok(Vec::new());
    }
    let tz = crate::clock::local_zone();
    let today = today(&tz)?;
    let full = tracks::full_roadmap(roadmap, &progress.settings);
    Ok(Pace::all(visible, &full, progress, today, &tz))
}
