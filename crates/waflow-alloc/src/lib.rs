//! waflow's allocator: mimalloc, with a scratch region per thread that a file's parsed tree can
//! be built in and then freed in one step.
//!
//! A check of many files parses each file into a tree of small allocations (strings, maps,
//! arrays) and frees it once the file's report is made; freeing it block by block walks the
//! whole tree again. While [`Scratch::fill`] runs, this thread's allocations are carved one
//! after the other out of its region (an arena: freeing a block in it does nothing), and
//! [`Scratch::free`] frees all of them at once by moving the region's fill mark back to where it
//! was, without visiting the tree. What does not fit comes from mimalloc as usual, and the value
//! is then dropped as usual.
//!
//! The regions are the [`SLOTS`] slices of [`SLOT_BYTES`] of one reservation made on the first
//! `fill` of the process, so that telling a region's block from mimalloc's is one comparison on
//! any thread. A thread takes a slot on its first `fill` and gives it back when it ends; a
//! thread that finds none free allocates as usual. Only the pages a tree has used are resident,
//! and they stay so for the slot's next user (at most [`SLOT_BYTES`] per thread).
//!
//! With its one caller (`waflow_core::document::with_loaded`) this is the only `unsafe` code of
//! the workspace: the [`Allocator`] (a `GlobalAlloc`, unsafe by nature) and the two calls whose
//! contract only the caller can keep. Regions are made on 64-bit targets only.
//! When [`Allocator`] is not the program's global allocator (a library's tests, a program with
//! another allocator), no region is made: `fill` allocates as usual and [`Scratch::free`] drops
//! its value as usual.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ffi::c_void;
use std::marker::PhantomData;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

use libmimalloc_sys as mi;

/// The size of one thread's region. The tree of a typical 36 KB flow takes a few hundred
/// kilobytes of it; a larger tree goes on in mimalloc.
pub const SLOT_BYTES: usize = 8 << 20;

/// How many threads can have a region at once.
pub const SLOTS: usize = 16;

/// The bytes of the reservation that holds every region.
const RESERVED_BYTES: usize = SLOTS * SLOT_BYTES;

/// [`BASE`] until the reservation is made: no pointer a program is given lies in the
/// [`RESERVED_BYTES`] from it up (the top of the address space, the kernel's), so that
/// [`in_region`] needs no separate test for it.
const NO_BASE: usize = usize::MAX - RESERVED_BYTES + 1;

/// The start of the reservation ([`NO_BASE`] until it is made).
static BASE: AtomicUsize = AtomicUsize::new(NO_BASE);

/// Makes the reservation once: its start, or `None` when mimalloc could not give it.
static RESERVATION: OnceLock<Option<usize>> = OnceLock::new();

/// The slots in use, one bit each.
static TAKEN: AtomicU32 = AtomicU32::new(0);

/// How many threads have their region open: while none has, an allocation goes to mimalloc
/// without reading a thread-local (a run of one file never opens one).
static OPEN_THREADS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// The start of this thread's region (0 until it has one).
    static START: Cell<usize> = const { Cell::new(0) };
    /// The first free byte of this thread's region.
    static NEXT: Cell<usize> = const { Cell::new(0) };
    /// Whether allocations go to this thread's region (while [`Scratch::fill`] runs).
    static OPEN: Cell<bool> = const { Cell::new(false) };
    /// The fill mark when the open `fill` opened the region: blocks below it are not its own.
    static FLOOR: Cell<usize> = const { Cell::new(0) };
    /// Whether an allocation did not fit in the region since the innermost `fill` opened it.
    static SPILLED: Cell<bool> = const { Cell::new(false) };
    /// Gives the slot back when the thread ends (registered outside the allocator's paths).
    static OWNER: SlotOwner = const { SlotOwner };
}

/// Gives the thread's slot back when the thread ends.
struct SlotOwner;

impl Drop for SlotOwner {
    fn drop(&mut self) {
        let start = START.with(|s| s.replace(0));
        if start != 0 {
            let slot = (start - BASE.load(Ordering::Relaxed)) / SLOT_BYTES;
            TAKEN.fetch_and(!(1 << slot), Ordering::Release);
        }
    }
}

/// Whether `ptr` lies in a region (a block that a [`Scratch::fill`] of some thread carved).
#[inline]
pub fn in_region(ptr: *const u8) -> bool {
    (ptr as usize).wrapping_sub(BASE.load(Ordering::Relaxed)) < RESERVED_BYTES
}

/// Whether some thread may have its region open (a thread counts itself before it opens its
/// own, so it never misses it); only then is this thread's [`OPEN`] worth reading.
#[inline]
fn any_open() -> bool {
    OPEN_THREADS.load(Ordering::Relaxed) != 0
}

/// A block of `layout` carved from this thread's open region, or `None` when it does not fit
/// (then marked as spilled).
#[inline]
fn carve(layout: Layout) -> Option<*mut u8> {
    let end_of_region = START.with(Cell::get) + SLOT_BYTES;
    let at = NEXT
        .with(Cell::get)
        .checked_add(layout.align() - 1)
        .map(|n| n & !(layout.align() - 1));
    match at.and_then(|at| Some((at, at.checked_add(layout.size())?))) {
        Some((at, end)) if end <= end_of_region => {
            NEXT.with(|n| n.set(end));
            Some(at as *mut u8)
        }
        _ => {
            SPILLED.with(|s| s.set(true));
            None
        }
    }
}

/// The global allocator of the `waflow` programs: mimalloc, except that while a
/// [`Scratch::fill`] runs this thread's allocations come from its region.
pub struct Allocator;

// SAFETY: outside the regions every call is mimalloc's, as `mimalloc::MiMalloc` makes it. A
// block carved from a region is aligned and sized as asked, lies wholly inside the thread's
// region (`carve` checks its end) and is not handed out again until the `Scratch` that carved it
// is dropped, which by `Scratch::fill`'s contract happens when no block it carved is in use.
// Freeing a region's block does nothing, whichever thread frees it; resizing one copies it.
// The region paths are out of line, so that the others stay a test and a jump to mimalloc.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if any_open() {
            return alloc_maybe_open(layout, false);
        }
        // SAFETY: as `mimalloc::MiMalloc` calls it.
        unsafe { mi::mi_malloc_aligned(layout.size(), layout.align()).cast() }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if any_open() {
            return alloc_maybe_open(layout, true);
        }
        // SAFETY: as `mimalloc::MiMalloc` calls it.
        unsafe { mi::mi_zalloc_aligned(layout.size(), layout.align()).cast() }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        if !in_region(ptr) {
            // SAFETY: `ptr` came from this allocator and not from a region: from mimalloc.
            unsafe { mi::mi_free(ptr.cast::<c_void>()) }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if in_region(ptr) {
            // SAFETY: `ptr` is a live region block of `layout` (this method's contract).
            return unsafe { realloc_region(ptr, layout, new_size) };
        }
        if any_open() {
            spill_if_open();
        }
        // SAFETY: as `mimalloc::MiMalloc` calls it (a mimalloc block stays in mimalloc).
        unsafe { mi::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast() }
    }
}

/// Marks the open region as spilled: a mimalloc block resized inside `fill` may be part of the
/// value, which must then be dropped as usual.
#[inline(never)]
fn spill_if_open() {
    if OPEN.with(Cell::get) {
        SPILLED.with(|s| s.set(true));
    }
}

/// An allocation while some thread has its region open: carved from this thread's when it is
/// open and the block fits, else mimalloc's.
#[inline(never)]
fn alloc_maybe_open(layout: Layout, zeroed: bool) -> *mut u8 {
    if OPEN.with(Cell::get)
        && let Some(block) = carve(layout)
    {
        if zeroed {
            // SAFETY: the block is `layout.size()` writable bytes of the region.
            unsafe { block.write_bytes(0, layout.size()) };
        }
        return block;
    }
    if zeroed {
        // SAFETY: as `mimalloc::MiMalloc` calls it.
        unsafe { mi::mi_zalloc_aligned(layout.size(), layout.align()).cast() }
    } else {
        // SAFETY: as `mimalloc::MiMalloc` calls it.
        unsafe { mi::mi_malloc_aligned(layout.size(), layout.align()).cast() }
    }
}

/// Resizes a block of a region: in place when it is the last one that the open `fill` of this
/// thread carved, else by copying it to a new block (the old one is left, as freeing it would
/// be).
///
/// # Safety
/// `ptr` is a live block of a region allocated with `layout`; `new_size` rounded up to
/// `layout.align()` does not overflow (`GlobalAlloc::realloc`'s contract).
#[inline(never)]
unsafe fn realloc_region(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    let open = OPEN.with(Cell::get);
    if open
        && ptr as usize >= FLOOR.with(Cell::get)
        && ptr as usize + layout.size() == NEXT.with(Cell::get)
    {
        let end_of_region = START.with(Cell::get) + SLOT_BYTES;
        if let Some(new_end) = (ptr as usize).checked_add(new_size)
            && new_end <= end_of_region
        {
            NEXT.with(|n| n.set(new_end));
            return ptr;
        }
    }
    // SAFETY: `new_size` with the old alignment is a valid layout (the contract above).
    let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
    let block = match open {
        true => alloc_maybe_open(new_layout, false),
        false => {
            // A region block grown outside `fill` becomes mimalloc's: its value must be
            // dropped as usual.
            SPILLED.with(|s| s.set(true));
            // SAFETY: as `mimalloc::MiMalloc` calls it.
            unsafe { mi::mi_malloc_aligned(new_size, layout.align()).cast() }
        }
    };
    if !block.is_null() {
        // SAFETY: the old block has `layout.size()` readable bytes, the new one `new_size`
        // writable ones; they do not overlap (the new one is carved past the region's fill mark,
        // or is mimalloc's).
        unsafe { std::ptr::copy_nonoverlapping(ptr, block, layout.size().min(new_size)) };
    }
    block
}

/// One use of this thread's region: a value built by [`Scratch::fill`] and freed in one step by
/// [`Scratch::free`]. Dropping it empties the region back to where it was when `fill` began
/// (`free` forgets the value, then drops the scratch).
pub struct Scratch {
    /// The region's fill mark when `fill` opened it (`None`: it did not open it).
    mark: Option<usize>,
    /// Whether the value holds blocks of the region only: something was carved, nothing spilled.
    region_only: bool,
    /// A region is filled, freed and reused on one thread.
    _thread: PhantomData<*const ()>,
}

impl Scratch {
    /// A scratch use of this thread's region, not yet filled.
    pub fn new() -> Scratch {
        Scratch {
            mark: None,
            region_only: false,
            _thread: PhantomData,
        }
    }

    /// Runs `make` with this thread's allocations coming from its region, and returns what it
    /// made. Only the first `fill` of a scratch, and only when no other is open on the thread,
    /// uses the region; otherwise `make` allocates as usual (or in the open region, whose
    /// scratch then frees it) and [`Scratch::free`] drops its value as usual.
    ///
    /// A panic in `make` while the region is open aborts the process once the panic's message
    /// is printed: the message, and whatever the panic hook kept (a captured output's buffer),
    /// were allocated in the region, and unwinding past it could leave them in use after the
    /// region is emptied. When the region is not used (see above) a panic unwinds as usual.
    ///
    /// # Safety
    /// - Everything `make` allocates and keeps is owned by its result: it stores no allocation
    ///   elsewhere (in what it captures, in a thread-local or static), hands none to another
    ///   thread, and does not panic on purpose to pass something out.
    /// - The result is gone, or handed to [`Scratch::free`], before this scratch is dropped; no
    ///   block of it is used after that, on any thread.
    /// - This scratch is dropped (not forgotten) on the thread that filled it, before the
    ///   thread ends; scratches of one thread are dropped in the reverse order of their `fill`s.
    pub unsafe fn fill<T>(&mut self, make: impl FnOnce() -> T) -> T {
        if self.mark.is_some() || OPEN.with(Cell::get) || !has_region() {
            // What this `make` allocates is not this scratch's to free in one step.
            self.region_only = false;
            return make();
        }
        let mark = NEXT.with(Cell::get);
        FLOOR.with(|f| f.set(mark));
        let outer_spilled = SPILLED.with(|s| s.replace(false));
        OPEN_THREADS.fetch_add(1, Ordering::Relaxed);
        OPEN.with(|open| open.set(true));
        self.mark = Some(mark);
        let made = std::panic::catch_unwind(std::panic::AssertUnwindSafe(make));
        OPEN.with(|open| open.set(false));
        OPEN_THREADS.fetch_sub(1, Ordering::Relaxed);
        let spilled = SPILLED.with(|s| s.replace(outer_spilled));
        self.region_only = !spilled && NEXT.with(Cell::get) != mark;
        match made {
            Ok(made) => made,
            Err(_) => std::process::abort(),
        }
    }

    /// Frees `value`, the result of [`Scratch::fill`], and empties the region in one step; drops
    /// it as usual when part of it may not be the region's (it did not fit, the region was not
    /// used, or another global allocator is in use).
    ///
    /// # Safety
    /// `value` is what `fill` returned and owns every block of the region that `fill` carved and
    /// that is still in use: no part of it was moved out of it or shared from it (an `Rc`/`Arc`
    /// clone, a `Cell`'s contents), and nothing borrowed from it is used afterwards.
    /// Allocations made outside `fill` (clones, pushes) are not reachable from it either.
    pub unsafe fn free<T>(self, value: T) {
        // A region block grown since `fill` (which the contract rules out) spilled too.
        if self.region_only && !SPILLED.with(Cell::get) {
            std::mem::forget(value);
        } else {
            drop(value);
        }
        // Dropping `self` empties the region.
    }
}

impl Default for Scratch {
    fn default() -> Scratch {
        Scratch::new()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if let Some(mark) = self.mark {
            // By `fill`'s contract no block carved since `mark` is in use any more.
            NEXT.with(|n| n.set(mark));
        }
    }
}

/// Whether this thread has a region, taking a free slot on first use (outside the allocator's
/// paths, so that registering the owner that gives it back at the thread's end may allocate).
fn has_region() -> bool {
    if START.with(Cell::get) != 0 {
        return true;
    }
    let Some(base) = *RESERVATION.get_or_init(reserve) else {
        return false;
    };
    let mut taken = TAKEN.load(Ordering::Relaxed);
    let slot = loop {
        let free = (!taken).trailing_zeros() as usize;
        if free >= SLOTS {
            return false;
        }
        match TAKEN.compare_exchange_weak(
            taken,
            taken | (1 << free),
            Ordering::Acquire,
            Ordering::Relaxed,
        ) {
            Ok(_) => break free,
            Err(now) => taken = now,
        }
    };
    if OWNER.try_with(|_| ()).is_err() {
        // The thread is ending: it cannot give the slot back later.
        TAKEN.fetch_and(!(1 << slot), Ordering::Release);
        return false;
    }
    let start = base + slot * SLOT_BYTES;
    START.with(|s| s.set(start));
    NEXT.with(|n| n.set(start));
    true
}

/// Reserves the regions' memory from mimalloc (never given back: the slots are reused), once
/// [`Allocator`] is seen to be the global allocator: a one-byte allocation with a region open
/// must be carved. With another allocator nothing is reserved and no region is ever used.
fn reserve() -> Option<usize> {
    if cfg!(not(target_pointer_width = "64")) {
        // Below 64 bits the top of the address space may be the program's: `NO_BASE` would not
        // be a safe "no region" there.
        return None;
    }
    // SAFETY: no precondition; null when mimalloc cannot give the memory.
    let base = unsafe { mi::mi_malloc_aligned(RESERVED_BYTES, 4096) } as usize;
    if base == 0 || base == NO_BASE {
        return None;
    }
    BASE.store(base, Ordering::Relaxed);
    // The probe carves from the first slot's start, which no thread has yet: every other
    // thread waits for this reservation before it takes a slot.
    START.with(|s| s.set(base));
    NEXT.with(|n| n.set(base));
    OPEN_THREADS.fetch_add(1, Ordering::Relaxed);
    OPEN.with(|open| open.set(true));
    let probe = Layout::new::<u8>();
    // SAFETY: a non-zero-sized layout. A global allocator that wraps this one and panics
    // would leave the region open: abort then, as `Scratch::fill` does.
    let block = std::panic::catch_unwind(|| unsafe { std::alloc::alloc(probe) })
        .unwrap_or_else(|_| std::process::abort());
    OPEN.with(|open| open.set(false));
    OPEN_THREADS.fetch_sub(1, Ordering::Relaxed);
    START.with(|s| s.set(0));
    let ours = in_region(block);
    if !block.is_null() {
        // SAFETY: allocated just above with `probe` (a no-op when it was carved).
        unsafe { std::alloc::dealloc(block, probe) };
    }
    if !ours {
        BASE.store(NO_BASE, Ordering::Relaxed);
        // SAFETY: allocated above by mimalloc; nothing was carved from it.
        unsafe { mi::mi_free(base as *mut c_void) };
        return None;
    }
    Some(base)
}
