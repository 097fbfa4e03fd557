//! The domain: the roadmap being tracked, the learner's progress on it, and the figures derived
//! from the two. Nothing here draws or touches a file.

pub mod activity;
pub mod goal;
pub mod headers;
pub mod progress;
pub mod review;
pub mod roadmap;
pub mod stats;
pub mod text;
pub mod tracks;
pub mod verified;

pub use progress::{Cell, Progress, Status};
pub use roadmap::{Lang, Level, Roadmap, RoadmapError, Task, TaskId, TaskPos, Track};
pub use stats::Stats;
