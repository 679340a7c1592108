// Board support for QEMU mps2-an386 (Cortex-M4, CMSDK peripherals), generic enough for
// every executable that runs there (the runtime demo, the bench, the application).
// On the host (Linux) every function is a harmless stub so the package builds and tests.
//
// Peripherals used (QEMU hw/arm/mps2.c; CMSDK TRM ARM DDI0479C):
//   UART0      0x40004000            log output
//   TIMER0     0x40000000  IRQ 8     free for benchmarks (qemu_bench_*)
//   TIMER1     0x40001000  IRQ 9     the alarm: idle wake-up, and the scheduler's timer alarm
//   DUALTIMER  0x40002000  IRQ 10    timer 1 free-running: the monotonic clock
// All run from the 25 MHz SYSCLK.
#pragma once
#include <stdint.h>
#include <stddef.h>

#define QEMU_TICKS_PER_US 25u
#define QEMU_ALARM_IRQ 9u
/// The mailbox line the running alarm raises (Runtime's InterruptMailbox.alarmLine); so
/// external IRQ 31 is not routable to a line of its own.
#define QEMU_ALARM_LINE 31u

/// Starts UART0 and the clock; enables the alarm interrupt in the NVIC.
void qemu_board_init(void);
/// Writes one byte to UART0 (waits while the TX buffer is full).
void qemu_uart_putc(uint8_t c);
/// The free-running clock, counting UP at 25 MHz; wraps every 171.8 s.
uint32_t qemu_clock_ticks(void);
/// PRIMASK: mask / unmask interrupts (cpsid i / cpsie i).
void qemu_irq_disable(void);
void qemu_irq_enable(void);
/// Idle: with interrupts masked, arms the alarm for `ticks` (0: no alarm), executes WFI
/// (which wakes on any pending enabled interrupt even while PRIMASK is set), stops
/// the alarm and clears its pending state. Interrupts stay masked on return; the
/// caller unmasks them, and pending handlers then run.
void qemu_sleep_masked(uint32_t ticks);
/// The running alarm: TIMER1 counts `ticks` (> 0) down with its interrupt on; the
/// handler stops it and calls qemu_swift_irq(QEMU_ALARM_LINE). A new start replaces the
/// old one; stop cancels (and clears a pending one). qemu_sleep_masked uses the same
/// timer and leaves it stopped: the caller starts the alarm again after a sleep.
void qemu_alarm_start(uint32_t ticks);
void qemu_alarm_stop(void);
/// Enables / disables external interrupt `irq` (0..31) in the NVIC.
void qemu_irq_unmask(uint32_t irq);
void qemu_irq_mask(uint32_t irq);
/// Pends external interrupt `irq` by software (NVIC STIR), as a device would.
void qemu_irq_trigger(uint32_t irq);
/// The command line QEMU passes the program (semihosting SYS_GET_CMDLINE; `-semihosting-config
/// arg=...`), NUL-terminated in `buf`: its length, or -1 (none; always -1 in a host build).
int qemu_cmdline(char *buf, int size);
/// Ends QEMU through semihosting SYS_EXIT_EXTENDED with `code` as its exit status.
void qemu_exit(int code) __attribute__((noreturn));
/// Bytes taken from the heap so far (sbrk high-water mark).
uint32_t qemu_heap_used(void);
/// The counting allocator's figures since reset (all zero in a host build).
struct qemu_alloc_stats {
    uint32_t allocations;   ///< posix_memalign / malloc calls that returned memory
    uint32_t frees;         ///< free calls with a non-null pointer
    uint32_t bytes_in_use;  ///< usable bytes of the live chunks
    uint32_t peak_bytes;    ///< high-water mark of bytes_in_use
};
void qemu_alloc_stats_read(struct qemu_alloc_stats *out);
/// The same for the device's code alone: what was allocated or freed outside
/// qemu_alloc_hardware_begin/end (which bracket the chip model and the simulated world; they nest).
void qemu_alloc_device_stats_read(struct qemu_alloc_stats *out);
void qemu_alloc_hardware_begin(void);
void qemu_alloc_hardware_end(void);
/// The main stack's use (one stack: the runtime is cooperative, interrupts share it). The reset
/// handler fills the stack below itself with a pattern (qemu_stack_paint); qemu_stack_peak is
/// the deepest the stack ever reached (bytes below _estack whose pattern was overwritten), for
/// the whole image. qemu_stack_device_peak is how deep it was at each entry into the hardware
/// scope (qemu_alloc_hardware_begin from depth 0: the device calling the chip model or the
/// world), the deepest of them: a lower bound of the device's own use, as qemu_stack_peak
/// (device plus the chip model and world below it) is an upper bound. 0 in a host build.
/// qemu_stack_restart paints again below the caller and forgets the device's depth, so the
/// figures cover only what runs after it (not the construction of the chip model and world).
void qemu_stack_paint(void);
void qemu_stack_restart(void);
uint32_t qemu_stack_peak(void);
uint32_t qemu_stack_device_peak(void);
/// TIMER0 as a 32-bit down-counter from 0xFFFFFFFF (25 MHz; under
/// `-icount shift=0` one count is 40 instructions).
void qemu_bench_timer_start(void);
uint32_t qemu_bench_timer_read(void);
/// Returns `x`; out of the optimizer's sight (separate C object), for empty-loop baselines.
uint32_t qemu_bench_opaque(uint32_t x);

/// Implemented by the Swift platform: an external interrupt `irq` fired. The C entry has
/// already masked the line in the NVIC (so a level-triggered device cannot storm);
/// whoever services the device calls `qemu_irq_unmask`.
void qemu_swift_irq(uint32_t irq);
