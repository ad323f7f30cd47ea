//! How the server's heap is set up, before any other thread starts.
//!
//! glibc gives threads up to eight heaps ("arenas") per core, to spare them waiting on each
//! other. Each keeps what its threads freed, so the actix workers and the blocking pool
//! together held some 20 MB more at their peak than with two arenas, for no throughput
//! measurable on the benchmark's mix. Two arenas keep two cores busy.

/// Heaps allowed: one per core on the 2-core machines the server is sized for.
const ARENAS: i32 = 2;

/// Limits glibc to [`ARENAS`] heaps, unless `MALLOC_ARENA_MAX` says otherwise. Call it at
/// the start of `main`, while the main thread is the only one. Elsewhere than glibc on
/// Linux, does nothing.
pub fn limit_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets a tuning value of the allocator; M_ARENA_MAX applies to
    // arenas created afterwards and is valid at any time.
    #[allow(unsafe_code)]
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, ARENAS);
    }
}

/// Gives the memory freed so far back to the system. glibc keeps freed memory for later
/// allocations; after a one-off burst (building the whole index from the database: some
/// 60 MB of writer and batches) the server would go on holding it for nothing. Elsewhere
/// than glibc on Linux, does nothing.
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the heaps to the system; it takes the
    // heaps' locks like any allocation and is safe from any thread at any time.
    #[allow(unsafe_code)]
    unsafe {
        libc::malloc_trim(0);
    }
}
