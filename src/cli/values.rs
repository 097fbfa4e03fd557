//! The values options take (formats, orders, themes, languages), and what each becomes in the
//! rest of the app.

use clap::ValueEnum;

use crate::model::Lang;
use crate::ui::theme::Base;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CohortFormat {
    /// One row per learner
    Csv,
    /// Each learner's `stats --json` figures, with name, source, activity and attention
    Json,
    /// A self-contained page: a table per level, the attention list, the problems
    Html,
}

/// The orders of `cohort`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SortArg {
    /// Most done first
    Progress,
    /// Most recently active first
    Activity,
    /// Fastest over the last four weeks first
    Pace,
    /// A to Z
    Name,
}

impl From<SortArg> for crate::cohort::SortKey {
    fn from(s: SortArg) -> Self {
        use crate::cohort::SortKey;
        match s {
            SortArg::Progress => SortKey::Progress,
            SortArg::Activity => SortKey::Activity,
            SortArg::Pace => SortKey::Pace,
            SortArg::Name => SortKey::Name,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Markdown,
    Csv,
    Json,
    /// A progress card for a README
    Svg,
    /// A self-contained page: the card and every task
    Html,
}

/// Which cells `list` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListStatus {
    InProgress,
    Done,
    Todo,
    /// Cells with a review scheduled; ↻ marks those due
    Review,
    /// Skipped cells, with the reason kept in their note
    Skipped,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CardTheme {
    Light,
    Dark,
}

impl From<CardTheme> for crate::interchange::svg::Theme {
    fn from(t: CardTheme) -> Self {
        match t {
            CardTheme::Light => Self::Light,
            CardTheme::Dark => Self::Dark,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Auto,
    Dark,
    Light,
    /// No grey, 7:1 contrast and more, for the terminal's background
    HighContrast,
    /// Blue and orange instead of green and yellow, for the terminal's background
    Colorblind,
}

impl From<ThemeArg> for Base {
    fn from(t: ThemeArg) -> Base {
        match t {
            ThemeArg::Auto => Base::Auto,
            ThemeArg::Dark => Base::Dark,
            ThemeArg::Light => Base::Light,
            ThemeArg::HighContrast => Base::HighContrast,
            ThemeArg::Colorblind => Base::ColorBlind,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Es,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Es => Lang::Es,
            LangArg::En => Lang::En,
        }
    }
}
