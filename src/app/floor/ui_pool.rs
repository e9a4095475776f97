//! The UI thread's own parallel workers. Rayon's global pool is where jobs compute (layouts,
//! photo batches, clusters, neighbours kept); a parallel search the UI thread started there
//! queued behind their tasks, and the window froze for as long as they ran (seconds: found by
//! `tests/ui_random.rs`). The few searches the UI thread does itself, within a frame (a hovered
//! word's neighbours, a typed photo search and its spelling suggestions), run here instead.

use std::sync::OnceLock;

/// Runs `work` on the UI's pool (its parallel iterators too), waiting for it; on the calling
/// thread alone where the pool could not be made.
pub fn run<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|i| format!("ui-search-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}
