//! The server's memory allocator and how its heap is set up.
//!
//! The Rust code allocates with mimalloc: under load, glibc's malloc and free took a tenth
//! of the machine's time, and a random publication detail cost the server about 190 µs of
//! CPU with glibc, 140 µs with mimalloc (2 cores, 64 clients). Its transparent huge pages
//! are left off: 2 MB pages barely used counted whole, some 40 MB more at the peak.
//!
//! The C libraries (SQLite, libpq) keep glibc's malloc, which gives threads up to eight
//! heaps ("arenas") per core, each keeping what its threads freed: two are enough for
//! the blocking threads that call them and hold less.

/// Heaps allowed to glibc: one per core on the 2-core machines the server is sized for.
const ARENAS: i32 = 2;

/// `mi_option_purge_delay` in mimalloc.h (v3, the version libmimalloc-sys builds by
/// default; the crate names no constant for it, hence the exact version pinned).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets both allocators up. Call it at the start of `main`, while the main thread is the
/// only one.
///
/// - mimalloc gives memory back as soon as it is freed, unless `MIMALLOC_PURGE_DELAY` says
///   otherwise: with its default delay of a second, the peak over the benchmark's mix rose
///   from 196 to 227 MB (throughput within the noise);
/// - glibc is limited to [`ARENAS`] heaps, unless `MALLOC_ARENA_MAX` says otherwise
///   (elsewhere than glibc on Linux, nothing to do).
pub fn set_up() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: mi_option_set only records a tuning value, read at each purge.
        #[allow(unsafe_code)]
        unsafe {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
    }
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

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Gives the memory freed so far back to the system. Both allocators keep freed memory for
/// later allocations; after a one-off burst (building the whole index from the database:
/// some 60 MB of writer and batches) the server would go on holding it for nothing.
pub fn give_back_freed_memory() {
    // SAFETY: mi_collect only frees what the allocator holds unused (pages of this thread's
    // heap and of finished threads'); it is safe from any thread at any time.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_collect(true);
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free pages of the heaps to the system; it takes the
    // heaps' locks like any allocation and is safe from any thread at any time.
    #[allow(unsafe_code)]
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(unsafe_code)]
    fn the_purge_delay_is_set_by_its_number_in_mimalloc() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading and setting tuning values, as `set_up` does.
        let before = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(before, 1000, "mimalloc v3's default purge delay, in ms");
        set_up();
        let after = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        assert_eq!(after, 0);
    }
}
