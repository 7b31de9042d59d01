//! The scratch region as the `waflow` program uses it: this test binary's global allocator is
//! [`waflow_alloc::Allocator`], as the program's is, wrapped to count the bytes of mimalloc's
//! blocks that are alive (a value forgotten instead of dropped shows there).

#![allow(clippy::unwrap_used)]

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::collections::BTreeMap;

use waflow_alloc::{SLOT_BYTES, Scratch, in_region};

/// [`waflow_alloc::Allocator`], counting the live bytes of the blocks outside the regions.
struct Counting;

thread_local! {
    /// The live bytes of mimalloc's blocks allocated minus freed on this thread (the tests run
    /// side by side, each on threads of its own).
    static LIVE: Cell<isize> = const { Cell::new(0) };
}

fn count(ptr: *const u8, bytes: usize, sign: isize) {
    if !ptr.is_null() && !in_region(ptr) {
        LIVE.with(|l| l.set(l.get() + sign * bytes as isize));
    }
}

// SAFETY: every call is waflow_alloc's; the counting only reads the pointers.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { waflow_alloc::Allocator.alloc(layout) };
        count(p, layout.size(), 1);
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { waflow_alloc::Allocator.alloc_zeroed(layout) };
        count(p, layout.size(), 1);
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        count(ptr, layout.size(), -1);
        // SAFETY: the caller's contract, passed on.
        unsafe { waflow_alloc::Allocator.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(ptr, layout.size(), -1);
        // SAFETY: the caller's contract, passed on.
        let p = unsafe { waflow_alloc::Allocator.realloc(ptr, layout, new_size) };
        count(p, new_size, 1);
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The live bytes of mimalloc's blocks that `run` leaves behind on this thread (`run` makes and
/// frees everything on it); the first run warms up what is made once.
fn left_by(rounds: usize, run: impl Fn()) -> isize {
    run();
    let before = LIVE.with(Cell::get);
    for _ in 0..rounds {
        run();
    }
    LIVE.with(Cell::get) - before
}

/// A tree of small allocations, like a parsed flow's.
fn tree(seed: usize) -> BTreeMap<String, Vec<String>> {
    (0..200)
        .map(|i| {
            let key = format!("key-{seed}-{i}");
            let values = (0..i % 7).map(|j| format!("value {j} of {key}")).collect();
            (key, values)
        })
        .collect()
}

/// Fills a scratch with `make`, hands the value to `check`, frees it in one step.
fn scratch<T, R>(make: impl FnOnce() -> T, check: impl FnOnce(&T) -> R) -> R {
    let mut scratch = Scratch::new();
    // SAFETY: `make` keeps nothing but its result, which `check` only reads and `free` gets.
    let value = unsafe { scratch.fill(make) };
    let result = check(&value);
    // SAFETY: as above; nothing was moved out of `value`.
    unsafe { scratch.free(value) };
    result
}

/// Runs `test` on a thread of its own, whose region is fresh (and panics if `test` does).
fn on_a_new_thread(test: impl FnOnce() + Send + 'static) {
    std::thread::spawn(test).join().unwrap();
}

fn first_key(t: &BTreeMap<String, Vec<String>>) -> *const u8 {
    t.keys().next().map_or(std::ptr::null(), |k| k.as_ptr())
}

#[test]
fn a_tree_is_built_in_the_region_and_its_memory_is_reused_after_free() {
    on_a_new_thread(|| {
        let (first, copy) = scratch(
            || tree(1),
            |t| {
                assert!(
                    in_region(first_key(t)),
                    "the tree's strings come from the region"
                );
                let copy = t.clone();
                assert!(
                    !in_region(first_key(&copy)),
                    "a clone after fill is ordinary memory"
                );
                (first_key(t) as usize, copy)
            },
        );
        // The region was emptied in one step: the same tree is carved at the same place again.
        let again = scratch(|| tree(1), |t| first_key(t) as usize);
        assert_eq!(first, again);
        // What was cloned out stays intact after the region's reuse.
        assert_eq!(copy, tree(1));
    });
}

#[test]
fn memory_stays_bounded_over_many_trees() {
    on_a_new_thread(|| {
        let mut seen = std::collections::BTreeSet::new();
        for round in 0..500 {
            let at = scratch(|| tree(round), |t| first_key(t) as usize);
            seen.insert(at);
        }
        // Every round starts at the region's start: a handful of places, not 500.
        assert!(seen.len() <= 2, "{} different starts", seen.len());
    });
}

#[test]
fn zeroed_blocks_are_zero_after_the_region_held_other_bytes() {
    on_a_new_thread(|| {
        scratch(
            || vec![0xAB_u8; 1 << 16],
            |v| assert!(v.iter().all(|&b| b == 0xAB)),
        );
        scratch(
            || vec![0_u8; 1 << 16],
            |v| {
                assert!(in_region(v.as_ptr()));
                assert!(v.iter().all(|&b| b == 0));
            },
        );
    });
}

#[test]
fn growing_vectors_keep_their_contents() {
    on_a_new_thread(|| {
        let built = scratch(
            || {
                let mut grown = Vec::new();
                let mut other = Vec::new();
                for i in 0..10_000_u32 {
                    grown.push(i);
                    // Interleaved, so that `grown` is not always the last block carved.
                    if i % 100 == 0 {
                        other.push(i.to_string());
                    }
                }
                (grown, other)
            },
            |(grown, other)| {
                assert!(in_region(grown.as_ptr().cast()));
                (grown.iter().copied().eq(0..10_000), other.len())
            },
        );
        assert_eq!(built, (true, 100));
    });
}

#[test]
fn a_value_larger_than_the_region_goes_on_in_mimalloc_and_is_freed_as_usual() {
    on_a_new_thread(|| {
        let sums = scratch(
            || {
                let small = tree(7);
                let big = vec![1_u8; SLOT_BYTES + 1];
                (small, big)
            },
            |(small, big)| {
                assert!(in_region(first_key(small)));
                assert!(!in_region(big.as_ptr()), "it does not fit");
                big.iter().map(|&b| b as usize).sum::<usize>()
            },
        );
        assert_eq!(sums, SLOT_BYTES + 1);
        // The region is usable again afterwards.
        scratch(|| tree(8), |t| assert!(in_region(first_key(t))));
    });
}

#[test]
fn scratches_used_inside_anothers_use_leave_its_tree_intact() {
    on_a_new_thread(|| {
        scratch(
            || tree(1),
            |outer| {
                // Two whole uses while the outer tree is in use (a check that checks others).
                for seed in [2, 3] {
                    scratch(|| tree(seed), |inner| assert_eq!(*inner, tree(seed)));
                }
                assert_eq!(*outer, tree(1));
            },
        );
    });
}

#[test]
fn nothing_of_mimalloc_is_leaked_by_a_spill_seen_from_inside_or_a_second_fill() {
    on_a_new_thread(|| {
        // A spilled outer value, then an inner use that does not spill: the outer one is still
        // dropped as usual.
        let spill = left_by(5, || {
            scratch(
                || vec![1_u8; SLOT_BYTES + 1],
                |_| scratch(|| tree(4), |t| assert!(in_region(first_key(t)))),
            );
        });
        assert_eq!(spill, 0, "bytes left by a spilled value");
        // A second fill of the same scratch allocates as usual and is dropped as usual.
        let twice = left_by(5, || {
            let mut s = Scratch::new();
            // SAFETY: each value is handed to `free` or dropped before the scratch.
            unsafe {
                let first = s.fill(|| tree(5));
                drop(first);
                let second = s.fill(|| vec![2_u8; 1 << 20]);
                assert!(!in_region(second.as_ptr()));
                s.free(second);
            }
        });
        assert_eq!(twice, 0, "bytes left by a second fill");
    });
}

#[test]
fn a_region_block_freed_on_another_thread_is_left_alone() {
    on_a_new_thread(|| {
        let mut s = Scratch::new();
        // SAFETY: this breaks `fill`'s contract on purpose, as far as the allocator can be asked
        // to survive it: the block is freed on another thread before the scratch is dropped.
        let first = unsafe {
            let stray = s.fill(|| Box::new([7_u64; 8]));
            let at = stray.as_ptr() as usize;
            assert!(in_region(stray.as_ptr().cast()));
            std::thread::spawn(move || drop(stray)).join().unwrap();
            s.free(());
            at
        };
        // The free was a no-op there (not mimalloc's): the region is whole and carves the same
        // place again, and what is carved there holds.
        scratch(
            || Box::new([9_u64; 8]),
            |b| {
                assert_eq!(b.as_ptr() as usize, first);
                assert_eq!(**b, [9; 8]);
            },
        );
        scratch(|| tree(6), |t| assert_eq!(*t, tree(6)));
    });
}

#[test]
fn a_nested_fill_carves_from_the_open_region_and_leaves_emptying_it_to_the_outer() {
    on_a_new_thread(|| {
        let mut outer = Scratch::new();
        // SAFETY: the inner value is freed inside; the outer one is handed to `free`.
        let value = unsafe {
            outer.fill(|| {
                let mut inner = Scratch::new();
                let nested = inner.fill(|| String::from("nested"));
                assert!(
                    in_region(nested.as_ptr()),
                    "the outer fill's region is open"
                );
                inner.free(nested);
                String::from("outer")
            })
        };
        // The inner free did not empty the region: the outer value is intact.
        assert_eq!(value, "outer");
        assert!(in_region(value.as_ptr()));
        // SAFETY: nothing was moved out of `value`.
        unsafe { outer.free(value) };
    });
}

/// Set in the child process of [`a_panic_in_fill_aborts_the_process`].
const PANIC_CHILD: &str = "WAFLOW_ALLOC_PANIC_CHILD";

#[test]
fn a_panic_in_fill_aborts_the_process() {
    if std::env::var_os(PANIC_CHILD).is_some() {
        scratch(|| -> String { panic!("broken {}", 42) }, |_| ());
        return;
    }
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "--exact",
            "a_panic_in_fill_aborts_the_process",
            "--nocapture",
        ])
        .env(PANIC_CHILD, "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("broken 42"),
        "the message is printed: {stderr}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(out.status.signal(), Some(6), "SIGABRT: {:?}", out.status);
    }
    assert!(!out.status.success());
}

#[test]
fn each_thread_has_its_own_region() {
    let barrier = std::sync::Barrier::new(2);
    let run = || {
        scratch(
            || tree(2),
            |t| {
                assert!(in_region(first_key(t)));
                // Both trees are alive at once, each in its thread's region.
                barrier.wait();
                first_key(t) as usize
            },
        )
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(run);
        let b = s.spawn(run);
        (a.join().unwrap(), b.join().unwrap())
    });
    assert_ne!(a, b);
}
