//! `review`: mark a done cell for review, record a review, or drop one.

use std::io::Write;
use std::path::Path;

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::{CliError, emit, find_task, find_track, now, today};
use crate::cli::ReviewArgs;
use crate::clock::{add_days, days_between};
use crate::i18n::{days_ago, in_days, tr};
use crate::model::review::{self, DaysError, MAX_REVIEW_DAYS, interval_after};
use crate::model::text::echo;
use crate::model::{Lang, Progress, Roadmap, Status, tracks};
use crate::state::{self, Store};

pub fn run(
    roadmap: &Roadmap,
    data: &Path,
    args: &ReviewArgs,
    lang: Lang,
    out: &mut dyn Write,
) -> Result<(), CliError> {
    let task = find_task(roadmap, &args.cell.task)?;
    let roadmap = &tracks::full_roadmap(roadmap, &state::read(data)?.settings);
    let track = &roadmap.tracks[find_track(roadmap, &args.cell.track)?];
    let due_in = match &args.due_in {
        Some(text) => Some(review::parse_days(text).map_err(|e| {
            let shown = echo(text.trim());
            CliError::Input(match e {
                DaysError::NotDays => format!(
                    "--in \"{shown}\" is not a number of days: write 14, 14d or 2w (up to \
                     {MAX_REVIEW_DAYS} days)"
                ),
                DaysError::TooFar(Some(days)) => format!(
                    "--in \"{shown}\" is {days} days: a review is at most {MAX_REVIEW_DAYS} days \
                     (ten years) away"
                ),
                DaysError::TooFar(None) => format!(
                    "--in \"{shown}\" is too far: a review is at most {MAX_REVIEW_DAYS} days (ten \
                     years) away"
                ),
            })
        })?),
        None => None,
    };
    let tz = TimeZone::system();
    let today = today(&tz)?;
    let (mut store, mut progress) = Store::open(data)?;
    let cell = progress.cell(task, &track.id).cloned().unwrap_or_default();
    let name = format!("Task {task} × {}", track.name);
    if cell.status != Status::Done && !args.clear {
        return Err(CliError::Input(format!(
            "{name} is not done: only a done cell can be reviewed (roadmap-tui check {task} --track {})",
            track.id
        )));
    }
    let now = now();
    let when = |day| format!("{day} ({})", in_days(Lang::En, days_between(today, day)));
    let text = if args.clear {
        if cell.review_due().is_none() {
            format!("{name}: no review to drop (unchanged)\n")
        } else {
            progress.unschedule_review(task, &track.id, &now);
            format!("{name}: review dropped\n")
        }
    } else if args.done {
        let again = cell.reviewed_the_day_of(&now, &tz);
        let next = progress
            .complete_review(task, &track.id, today, due_in, &now, &tz)
            .map_err(|e| CliError::Input(format!("{name}: {e}")))?;
        let count = progress
            .cell(task, &track.id)
            .and_then(|c| c.reviews())
            .unwrap_or(1);
        let times = if count == 1 { "once" } else { "times" };
        let count = if count == 1 {
            String::new()
        } else {
            format!("{count} ")
        };
        let mut text = format!(
            "{name}: reviewed {count}{times}; next review {}\n",
            when(next)
        );
        if again {
            text.push_str(tr(
                lang,
                "Already reviewed today: a review counts once a day.\n",
                "Ya repasada hoy: un repaso cuenta una vez al día.\n",
            ));
        }
        text
    } else {
        let days = due_in.unwrap_or_else(|| interval_after(cell.reviews().unwrap_or(0)));
        let due = add_days(today, days);
        progress
            .schedule_review(task, &track.id, due, &now)
            .map_err(|e| CliError::Input(format!("{name}: {e}")))?;
        format!("{name}: review due {}\n", when(due))
    };
    if progress.cell(task, &track.id) != Some(&cell) {
        store.save(&progress)?;
    }
    emit(out, &text)
}

/// The reviews due in the given languages, most overdue first, as `next` prints them.
pub fn due_lines(
    roadmap: &Roadmap,
    progress: &Progress,
    tracks: &[usize],
    today: Date,
    tz: &TimeZone,
) -> Vec<String> {
    review::due(roadmap, progress, today, tz)
        .into_iter()
        .filter(|r| tracks.contains(&r.track))
        .map(|r| {
            let done = r
                .done_on
                .map(|d| format!(", done {}", days_ago(Lang::En, days_between(d, today))))
                .unwrap_or_default();
            format!(
                "{} review due: task {} × {}{done}",
                crate::ui::theme::REVIEW_SYMBOL,
                r.task,
                roadmap.tracks[r.track].name
            )
        })
        .collect()
}
