//! A global allocator that counts the heap for the benchmarks that print memory: the bytes
//! held now and the most held since [`reset_peak`]. It counts every thread, or, once
//! [`count_marked_threads`] is called, only threads that called [`mark_this_thread`] (a client
//! measured beside a stand-in running in the same process).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

pub struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static MARKED_ONLY: AtomicBool = AtomicBool::new(false);

thread_local! {
    // A const-initialised `Cell` needs no allocation of its own, so the allocator may read it.
    static MARKED: Cell<bool> = const { Cell::new(false) };
}

fn counted() -> bool {
    !MARKED_ONLY.load(Ordering::Relaxed) || MARKED.try_with(Cell::get).unwrap_or(false)
}

// SAFETY: every call is passed to `System` unchanged; only the counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if counted() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        // SAFETY: as `System::alloc`, with the caller's layout.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if counted() {
            NOW.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        // SAFETY: `ptr` came from this allocator with `layout`.
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// From now on only marked threads count.
#[allow(
    dead_code,
    reason = "not every benchmark measures a part of the process"
)]
pub fn count_marked_threads() {
    MARKED_ONLY.store(true, Ordering::Relaxed);
}

/// Whether this thread's allocations count (once only marked threads do).
#[allow(
    dead_code,
    reason = "not every benchmark measures a part of the process"
)]
pub fn mark_this_thread(on: bool) {
    MARKED.with(|marked| marked.set(on));
}

/// The heap counted now.
#[allow(dead_code, reason = "not every benchmark reads the heap as it is")]
pub fn now() -> usize {
    NOW.load(Ordering::Relaxed)
}

/// The most counted since the last [`reset_peak`].
pub fn peak() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts a new peak from the heap as it is now; returns that.
pub fn reset_peak() -> usize {
    let now = NOW.load(Ordering::Relaxed);
    PEAK.store(now, Ordering::Relaxed);
    now
}
