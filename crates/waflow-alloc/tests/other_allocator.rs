//! A program whose global allocator is not waflow's: a scratch carves nothing, and its value is
//! dropped as usual (nothing leaks).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use waflow_alloc::{Scratch, in_region};

/// The system allocator, counting live bytes per thread (the tests run side by side).
struct Counting;

thread_local! {
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn live() -> isize {
    LIVE.with(Cell::get)
}

// SAFETY: every call is the system allocator's.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.with(|l| l.set(l.get() + layout.size() as isize));
        // SAFETY: the caller's contract, passed on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.with(|l| l.set(l.get() - layout.size() as isize));
        // SAFETY: the caller's contract, passed on.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn a_value_made_under_another_allocator_is_dropped_not_forgotten() {
    let round = || {
        let mut scratch = Scratch::new();
        // SAFETY: the value is only read, then handed to `free`.
        unsafe {
            let value = scratch.fill(|| (0..1000).map(|i| i.to_string()).collect::<Vec<_>>());
            assert!(!in_region(value[0].as_ptr()));
            scratch.free(value);
        }
    };
    round();
    let before = live();
    for _ in 0..100 {
        round();
    }
    assert_eq!(live() - before, 0);
}

#[test]
fn no_region_is_made_under_another_allocator() {
    let mut scratch = Scratch::new();
    // SAFETY: the value is only read, then handed to `free`.
    unsafe {
        let value = scratch.fill(|| Box::new(1_u8));
        let at = &*value as *const u8;
        assert!(!in_region(at));
        scratch.free(value);
    }
    // The regions' reservation was given back after the probe: no address is a region's.
    let stack_byte = 0_u8;
    assert!(!in_region(&stack_byte));
    assert!(!in_region(std::ptr::null()));
}
