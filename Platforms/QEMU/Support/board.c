// Board I/O, idle, semihosting and the C hooks Embedded Swift needs on mps2-an386
// (docs/build-recipes.md §3). Host builds get stubs (#else branch) so the package still
// builds and links on Linux; keep the guard, or the host would get this file's
// posix_memalign instead of glibc's.
#include "QEMUSupport.h"

#if defined(__arm__) && !defined(__linux__)

#define REG(a) (*(volatile uint32_t *)(a))
// CMSDK APB UART (DDI0479C §4.3)
#define UART0_DATA    REG(0x40004000)
#define UART0_STATE   REG(0x40004004)   // bit0 TX buffer full
#define UART0_CTRL    REG(0x40004008)   // bit0 TX enable
#define UART0_BAUDDIV REG(0x40004010)
// CMSDK APB timer (DDI0479C §4.4): CTRL bit0 enable, bit3 interrupt enable
#define TIMER0_BASE 0x40000000u
#define TIMER1_BASE 0x40001000u
#define TMR_CTRL(b)   REG((b) + 0x00)
#define TMR_VALUE(b)  REG((b) + 0x04)
#define TMR_RELOAD(b) REG((b) + 0x08)
#define TMR_INTCLR(b) REG((b) + 0x0C)
// CMSDK dual timer, timer 1 (DDI0479C §4.5): control bit7 enable, bit6 periodic (0 =
// free-running), bit5 int enable, bits3:2 prescale, bit1 32-bit, bit0 one-shot
#define DUAL1_LOAD    REG(0x40002000)
#define DUAL1_VALUE   REG(0x40002004)
#define DUAL1_CONTROL REG(0x40002008)
// NVIC (ARMv7-M ARM B3.4)
#define NVIC_ISER0 REG(0xE000E100)
#define NVIC_ICER0 REG(0xE000E180)
#define NVIC_ICPR0 REG(0xE000E280)
#define NVIC_STIR  REG(0xE000EF00)

void qemu_board_init(void) {
    UART0_BAUDDIV = 16;
    UART0_CTRL = 1;
    DUAL1_LOAD = 0xFFFFFFFFu;
    DUAL1_CONTROL = 0x80u | 0x02u;          // enable, free-running, 32-bit, prescale /1
    TMR_CTRL(TIMER1_BASE) = 0;
    TMR_INTCLR(TIMER1_BASE) = 1;
    NVIC_ICPR0 = 1u << QEMU_ALARM_IRQ;
    NVIC_ISER0 = 1u << QEMU_ALARM_IRQ;
}

void qemu_uart_putc(uint8_t c) {
    while (UART0_STATE & 1u) { }
    UART0_DATA = c;
}

uint32_t qemu_clock_ticks(void) { return ~DUAL1_VALUE; }   // down-counter -> up-counter

void qemu_irq_disable(void) { __asm volatile("cpsid i" ::: "memory"); }
void qemu_irq_enable(void) { __asm volatile("cpsie i" ::: "memory"); }

void qemu_sleep_masked(uint32_t ticks) {
    if (ticks != 0) {
        TMR_CTRL(TIMER1_BASE) = 0;
        TMR_RELOAD(TIMER1_BASE) = ticks;
        TMR_VALUE(TIMER1_BASE) = ticks;
        TMR_CTRL(TIMER1_BASE) = 0x9u;       // enable + interrupt enable
    }
    __asm volatile("dsb\n wfi\n isb" ::: "memory");
    TMR_CTRL(TIMER1_BASE) = 0;              // one deadline only: stop, forget the wake-up
    TMR_INTCLR(TIMER1_BASE) = 1;
    NVIC_ICPR0 = 1u << QEMU_ALARM_IRQ;
}

void qemu_alarm_start(uint32_t ticks) {
    TMR_CTRL(TIMER1_BASE) = 0;
    TMR_INTCLR(TIMER1_BASE) = 1;
    TMR_RELOAD(TIMER1_BASE) = ticks;
    TMR_VALUE(TIMER1_BASE) = ticks;
    TMR_CTRL(TIMER1_BASE) = 0x9u;           // enable + interrupt enable
}

void qemu_alarm_stop(void) {
    TMR_CTRL(TIMER1_BASE) = 0;
    TMR_INTCLR(TIMER1_BASE) = 1;
    NVIC_ICPR0 = 1u << QEMU_ALARM_IRQ;
}

void qemu_irq_unmask(uint32_t irq) { if (irq < 32) NVIC_ISER0 = 1u << irq; }
void qemu_irq_mask(uint32_t irq) { if (irq < 32) NVIC_ICER0 = 1u << irq; }
void qemu_irq_trigger(uint32_t irq) { NVIC_STIR = irq; __asm volatile("dsb\n isb"); }

/// Every external interrupt lands here (vector slots 16..47).
void qemu_irq_entry(void) {
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    uint32_t irq = (ipsr & 0x1FFu) - 16u;
    if (irq == QEMU_ALARM_IRQ) {            // the running alarm (a sleep's is cleared masked)
        TMR_CTRL(TIMER1_BASE) = 0;
        TMR_INTCLR(TIMER1_BASE) = 1;
        qemu_swift_irq(QEMU_ALARM_LINE);
        return;
    }
    if (irq < 32) NVIC_ICER0 = 1u << irq;   // masked until the owner services the device
    qemu_swift_irq(irq);
}

// ---- semihosting (ARM DUI0471, "Semihosting operations") ----
static int semihost(int op, void *arg) {
    register int r0 __asm("r0") = op;
    register void *r1 __asm("r1") = arg;
    __asm volatile("bkpt #0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}
void qemu_exit(int code) {
    uint32_t block[2] = { 0x20026u /* ADP_Stopped_ApplicationExit */, (uint32_t)code };
    semihost(0x20, block);                  // SYS_EXIT_EXTENDED: QEMU exits with `code`
    semihost(0x18, (void *)0x20026);        // SYS_EXIT fallback
    for (;;) { }
}

int qemu_cmdline(char *buf, int size) {
    struct { char *buf; int size; } block = { buf, size };
    if (semihost(0x15, &block) != 0) return -1;   // SYS_GET_CMDLINE
    return block.size;
}

// ---- benchmark timer ----
void qemu_bench_timer_start(void) {
    TMR_CTRL(TIMER0_BASE) = 0;
    TMR_RELOAD(TIMER0_BASE) = 0xFFFFFFFFu;
    TMR_VALUE(TIMER0_BASE) = 0xFFFFFFFFu;
    TMR_CTRL(TIMER0_BASE) = 1u;             // enable, no interrupt
}
uint32_t qemu_bench_timer_read(void) { return TMR_VALUE(TIMER0_BASE); }
__attribute__((noinline)) uint32_t qemu_bench_opaque(uint32_t x) { return x; }

// ---- C hooks Embedded Swift needs ----
// newlib-nano's malloc/free over a heap between _heap_start and _heap_end (linker script).
extern uint8_t _heap_start, _heap_end;
static uint8_t *heap_top = &_heap_start;
void *memalign(size_t alignment, size_t size);
void *_sbrk(ptrdiff_t increment) {
    uint8_t *old = heap_top;
    if (increment < 0 || (size_t)(&_heap_end - heap_top) < (size_t)increment) return (void *)-1;
    heap_top += increment;
    return old;
}
uint32_t qemu_heap_used(void) { return (uint32_t)(heap_top - &_heap_start); }

// The counting allocator: every allocation Swift makes goes through posix_memalign (and
// malloc, if anything calls it); the toolset links with --wrap=malloc --wrap=free so the
// frees come here first. Bytes are the chunks' usable sizes (what the heap really gives).
size_t malloc_usable_size(void *p);
void *__real_malloc(size_t size);
void __real_free(void *p);
static struct qemu_alloc_stats alloc_stats;
// The device's own share: what is allocated and freed outside qemu_alloc_hardware_begin/end
// (the kit brackets the chip model and the simulated world with it, KitOptions.hardwareScope).
static struct qemu_alloc_stats device_stats;
static uint32_t hardware_depth;
static void note_alloc(void *p) {
    uint32_t n = (uint32_t)malloc_usable_size(p);
    alloc_stats.allocations++;
    alloc_stats.bytes_in_use += n;
    if (alloc_stats.bytes_in_use > alloc_stats.peak_bytes) alloc_stats.peak_bytes = alloc_stats.bytes_in_use;
    if (hardware_depth) return;
    device_stats.allocations++;
    device_stats.bytes_in_use += n;
    if (device_stats.bytes_in_use > device_stats.peak_bytes) device_stats.peak_bytes = device_stats.bytes_in_use;
}
void *__wrap_malloc(size_t size) {
    void *p = __real_malloc(size);
    if (p) note_alloc(p);
    return p;
}
void __wrap_free(void *p) {
    if (p) {
        uint32_t n = (uint32_t)malloc_usable_size(p);
        alloc_stats.frees++;
        alloc_stats.bytes_in_use -= n;
        if (!hardware_depth) { device_stats.frees++; device_stats.bytes_in_use -= n; }
    }
    __real_free(p);
}
int posix_memalign(void **out, size_t alignment, size_t size) {
    void *p = memalign(alignment < 8 ? 8 : alignment, size);
    if (!p) return 12;   // ENOMEM
    note_alloc(p);
    *out = p;
    return 0;
}
void qemu_alloc_stats_read(struct qemu_alloc_stats *out) { *out = alloc_stats; }
void qemu_alloc_device_stats_read(struct qemu_alloc_stats *out) { *out = device_stats; }
// ---- stack high-water ----
extern uint32_t _estack;
#define STACK_PAINT 0x5AC3E1F0u
static uint32_t device_sp_min = 0xFFFFFFFFu;
static inline uint32_t current_sp(void) {
    uint32_t sp;
    __asm volatile("mov %0, sp" : "=r"(sp));
    return sp;
}
void qemu_stack_paint(void) {
    // From the stack's bottom (the heap's end) to 64 B below this frame.
    uint32_t *top = (uint32_t *)((current_sp() - 64u) & ~3u);
    for (uint32_t *w = (uint32_t *)&_heap_end; w < top; w++) *w = STACK_PAINT;
}
void qemu_stack_restart(void) {
    qemu_stack_paint();
    device_sp_min = 0xFFFFFFFFu;
}
uint32_t qemu_stack_peak(void) {
    const uint32_t *w = (const uint32_t *)&_heap_end, *end = &_estack;
    while (w < end && *w == STACK_PAINT) w++;
    return (uint32_t)((const uint8_t *)end - (const uint8_t *)w);
}
uint32_t qemu_stack_device_peak(void) {
    return device_sp_min == 0xFFFFFFFFu ? 0 : (uint32_t)&_estack - device_sp_min;
}
void qemu_alloc_hardware_begin(void) {
    if (hardware_depth == 0) {
        uint32_t sp = current_sp();
        if (sp < device_sp_min) device_sp_min = sp;
    }
    hardware_depth++;
}
void qemu_alloc_hardware_end(void) { if (hardware_depth) hardware_depth--; }
int putchar(int c) { qemu_uart_putc((uint8_t)c); return c; }
// Hasher seeding only; deterministic xorshift, NOT real entropy.
void arc4random_buf(void *buf, size_t n) {
    static uint32_t x = 0x9E3779B9u;
    for (size_t i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; ((uint8_t *)buf)[i] = (uint8_t)x; }
}
// The prebuilt Unicode tables reference the C++ personality routine; nothing unwinds here.
void __aeabi_unwind_cpp_pr0(void) {}
void __aeabi_unwind_cpp_pr1(void) {}

#else
// ---------------- host stubs ----------------
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
void qemu_board_init(void) {}
void qemu_uart_putc(uint8_t c) { putchar(c); }
uint32_t qemu_clock_ticks(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint32_t)((uint64_t)ts.tv_sec * 25000000u + (uint64_t)ts.tv_nsec / 40u);
}
void qemu_irq_disable(void) {}
void qemu_irq_enable(void) {}
void qemu_sleep_masked(uint32_t ticks) {
    struct timespec ts = { (time_t)(ticks / 25000000u), (long)(ticks % 25000000u) * 40 };
    nanosleep(&ts, 0);
}
void qemu_alarm_start(uint32_t ticks) { (void)ticks; }   // host: the alarm is raised after sleeps only
void qemu_alarm_stop(void) {}
void qemu_irq_unmask(uint32_t irq) { (void)irq; }
void qemu_irq_mask(uint32_t irq) { (void)irq; }
void qemu_irq_trigger(uint32_t irq) { qemu_swift_irq(irq); }
void qemu_exit(int code) { fflush(stdout); exit(code); }
int qemu_cmdline(char *buf, int size) { (void)buf; (void)size; return -1; }
uint32_t qemu_heap_used(void) { return 0; }
void qemu_alloc_stats_read(struct qemu_alloc_stats *out) { *out = (struct qemu_alloc_stats){ 0, 0, 0, 0 }; }
void qemu_alloc_device_stats_read(struct qemu_alloc_stats *out) { *out = (struct qemu_alloc_stats){ 0, 0, 0, 0 }; }
void qemu_alloc_hardware_begin(void) {}
void qemu_alloc_hardware_end(void) {}
void qemu_stack_paint(void) {}
void qemu_stack_restart(void) {}
uint32_t qemu_stack_peak(void) { return 0; }
uint32_t qemu_stack_device_peak(void) { return 0; }
void qemu_bench_timer_start(void) {}
uint32_t qemu_bench_timer_read(void) { return 0xFFFFFFFFu - qemu_clock_ticks(); }
uint32_t qemu_bench_opaque(uint32_t x) { return x; }
#endif
