//! The floor every room stands on: the pieces more than one room uses, importing no room (a
//! script in `.ci/run` keeps the app free of import circles). Rooms (the map, the 3-D view, the
//! panels, the lab, training, photos) import from here and never from one another for these.
//!
//! - [`palette`]: one colour per meaning, per theme; [`theme`]: the desk and presentation looks.
//! - [`marks`]: what a room puts on a map (points, arrows, lines, labels, photos, spokes).
//! - [`cache`]: what maps compute on jobs, kept by key, and [`cache::start_cached`].
//! - [`jobs`]: background work with progress and Cancel; [`messages`]: the status bar's errors.
//! - [`ask`]: one way to ask a question of the words on screen, and to show its answer.
//! - [`dataset`]: the vectors on screen and what identifies them.
//! - [`pointer`]: hover and click on a map of words, in the plane and in space.
//! - [`widgets`]: small controls shared by panels.
//! - [`ui_pool`]: where the UI thread's own parallel searches run, clear of the jobs'.

pub mod ask;
pub mod cache;
pub mod dataset;
pub mod jobs;
pub mod marks;
pub mod messages;
pub mod palette;
pub mod pointer;
pub mod theme;
pub mod ui_pool;
pub mod widgets;
