//! Peak stack use by stack painting: fill the free stack below the current
//! stack pointer with a pattern, run the code, and find the lowest word it
//! overwrote. Painting and scanning are inline assembly so that nothing
//! else writes below the stack pointer meanwhile.

use core::arch::asm;

/// The paint: unlikely to be written by accident.
const PAINT: u32 = 0x5AA5_C33C;

unsafe extern "C" {
    /// Lowest address the stack may grow to (cortex-m-rt's link.x): the end
    /// of `.bss` and `.uninit`.
    static _stack_end: u32;
}

/// Runs `f` and returns its result with the bytes of stack it used at its
/// deepest, measured from the stack pointer of the call.
pub fn peak<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let sp: usize;
    let bottom = (&raw const _stack_end) as usize;
    // SAFETY: reads the stack pointer.
    unsafe { asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
    // SAFETY: [bottom, sp) is free stack: nothing live lies below the stack
    // pointer (no interrupts are enabled), and the loop uses no stack.
    unsafe {
        asm!(
            "2:",
            "cmp {p}, {end}",
            "bhs 3f",
            "str {pat}, [{p}], #4",
            "b 2b",
            "3:",
            p = inout(reg) bottom => _,
            end = in(reg) sp,
            pat = in(reg) PAINT,
            options(nostack),
        )
    };
    let out = run(f);
    let lowest: usize;
    // SAFETY: only reads [bottom, sp), which is RAM.
    unsafe {
        asm!(
            "2:",
            "cmp {p}, {end}",
            "bhs 3f",
            "ldr {t}, [{p}]",
            "cmp {t}, {pat}",
            "bne 3f",
            "adds {p}, {p}, #4",
            "b 2b",
            "3:",
            p = inout(reg) bottom => lowest,
            end = in(reg) sp,
            pat = in(reg) PAINT,
            t = out(reg) _,
            options(nostack, readonly),
        )
    };
    (out, sp - lowest)
}

/// A call that is never inlined, so every byte of stack `f` uses lies
/// below the stack pointer that [`peak`] painted from.
#[inline(never)]
fn run<R>(f: impl FnOnce() -> R) -> R {
    f()
}
