// Monotonic time and tickless deep sleep on MCWDT0, clocked by LFCLK (32.768 kHz WCO),
// the way the HAL LP timer uses it (docs/psoc6-platform.md §4.2, §6): C0 → C1 cascaded for the
// wake-up match, C2 free-running 32-bit for elapsed time, extended here to 64 bits.
// Deep sleep: Cy_SysPm_CpuEnterDeepSleep, falling back to CPU sleep when a callback
// refuses (§4.1). SysTick stops in deep sleep, so nothing here uses it (§8 item 14).
// The scheduler's alarm (psoc6_alarm_set) uses the same C0/C1 match while the CPU runs; its
// interrupt calls the runtime's callback once the deadline has come, and a sleep, which
// borrows the match for its own wake-up, starts the alarm again when it ends.
#include "psoc6_internal.h"

#define LPT MCWDT_STRUCT0
#define LPT_IRQ srss_interrupt_mcwdt_0_IRQn

static uint32_t last_c2;
static uint64_t c2_high;     // wraps of C2 seen so far << 32
static uint64_t origin;      // tick count at init: time starts at 0

static uint64_t alarm_us = UINT64_MAX;  // the scheduler's alarm; UINT64_MAX: none
static void (*alarm_fired)(void);
static void alarm_start(void);

void psoc6_lptimer_isr(void) {
    Cy_MCWDT_ClearInterrupt(LPT, CY_MCWDT_CTR0 | CY_MCWDT_CTR1 | CY_MCWDT_CTR2);
    if (alarm_us != UINT64_MAX) alarm_start();      // due: the callback; capped: armed again
}

int32_t psoc6_lptimer_init(void) {
    const cy_stc_mcwdt_config_t config = {
        .c0Match = 0xFFFFu, .c1Match = 0xFFFFu,
        .c0Mode = CY_MCWDT_MODE_INT, .c1Mode = CY_MCWDT_MODE_INT,
        .c2ToggleBit = 0u, .c2Mode = CY_MCWDT_MODE_NONE,
        .c0ClearOnMatch = false, .c1ClearOnMatch = false,
        .c0c1Cascade = true, .c1c2Cascade = false,
    };
    if (Cy_MCWDT_Init(LPT, &config) != CY_MCWDT_SUCCESS) return PSOC6_ERR_DEVICE;
    Cy_MCWDT_SetInterruptMask(LPT, 0u);
    // "counter begins counting after two lf_clk cycles", recommended wait 93 µs.
    Cy_MCWDT_Enable(LPT, CY_MCWDT_CTR0 | CY_MCWDT_CTR1 | CY_MCWDT_CTR2, 93u);
    const cy_stc_sysint_t irq = { .intrSrc = LPT_IRQ, .intrPriority = 3u };   // HAL: priority 3
    if (Cy_SysInt_Init(&irq, psoc6_lptimer_isr) != CY_SYSINT_SUCCESS) return PSOC6_ERR_DEVICE;
    NVIC_ClearPendingIRQ(LPT_IRQ);
    NVIC_EnableIRQ(LPT_IRQ);
    Cy_SysLib_DelayUs(100u);           // reads lag up to ~2 LF cycles after enable (§6)
    last_c2 = Cy_MCWDT_GetCount(LPT, CY_MCWDT_COUNTER2);
    origin = last_c2;
    return PSOC6_OK;
}

// Must run at least once per C2 wrap (2^32 ticks ≈ 36.4 h); sleeps are capped below that.
uint64_t psoc6_lptimer_ticks(void) {
    uint32_t s = Cy_SysLib_EnterCriticalSection();
    uint32_t c2 = Cy_MCWDT_GetCount(LPT, CY_MCWDT_COUNTER2);
    if (c2 < last_c2) c2_high += (uint64_t)1u << 32;
    last_c2 = c2;
    uint64_t t = (c2_high | c2) - origin;
    Cy_SysLib_ExitCriticalSection(s);
    return t;
}

// 1 tick = 1e6 / 32768 µs = 15625 / 512 µs.
uint64_t psoc6_now_us(void) { return psoc6_lptimer_ticks() * 15625u / 512u; }

// The HAL's cyhal_lptimer_set_delay (CAT1A), §4.2: clamp to [3, 0xFFF0FFFF]; clear C1's
// interrupt; guard 1: wait while C0 is within ±1 of its old match (a cascade into C1 may be in
// flight, and the CPU sees it up to two LFCLK cycles late); guard 2: wait while C0 is at the new
// C0 match or up to two past it (a match written that close takes effect two cycles later and
// may miss, costing a full C0 wrap = 2 s); then subtract the ticks both waits took, so the wake
// is measured from the first read and is never late; C0 match = C0 + low 16 bits, C1 match =
// C1 + high 16 bits; unmask C1 (its interrupt fires on the increment past its match).
#define LPT_GUARD_READS 0xFFFFu   // HAL: give up if LFCLK stopped

static inline uint32_t c0_near(uint32_t c0, uint32_t mark, uint32_t below, uint32_t above) {
    uint32_t d = (c0 - mark) & 0xFFFFu;
    return d <= above || ((mark - c0) & 0xFFFFu) <= below;
}

static void lptimer_arm(uint32_t ticks) {
    if (ticks < 3u) ticks = 3u;
    if (ticks > 0xFFF0FFFFu) ticks = 0xFFF0FFFFu;
    Cy_MCWDT_ClearInterrupt(LPT, CY_MCWDT_CTR1);
    uint32_t old_match = Cy_MCWDT_GetMatch(LPT, CY_MCWDT_COUNTER0) & 0xFFFFu;
    uint32_t start = Cy_MCWDT_GetCount(LPT, CY_MCWDT_COUNTER0) & 0xFFFFu;
    uint32_t c0 = start;
    for (uint32_t n = 0; n < LPT_GUARD_READS && c0_near(c0, old_match, 1u, 1u); n++)
        c0 = Cy_MCWDT_GetCount(LPT, CY_MCWDT_COUNTER0) & 0xFFFFu;
    uint32_t match0 = (start + ticks) & 0xFFFFu;
    for (uint32_t n = 0; n < LPT_GUARD_READS && c0_near(c0, match0, 2u, 2u); n++)
        c0 = Cy_MCWDT_GetCount(LPT, CY_MCWDT_COUNTER0) & 0xFFFFu;
    uint32_t elapsed = (c0 - start) & 0xFFFFu;
    uint32_t remaining = ticks > elapsed + 3u ? ticks - elapsed : 3u;
    uint32_t c1 = Cy_MCWDT_GetCount(LPT, CY_MCWDT_COUNTER1);
    Cy_MCWDT_SetMatch(LPT, CY_MCWDT_COUNTER0, (c0 + (remaining & 0xFFFFu)) & 0xFFFFu, 0u);
    Cy_MCWDT_SetMatch(LPT, CY_MCWDT_COUNTER1, (c1 + (remaining >> 16)) & 0xFFFFu, 0u);
    Cy_MCWDT_SetInterruptMask(LPT, CY_MCWDT_CTR1);
}

static void lptimer_disarm(void) {
    Cy_MCWDT_SetInterruptMask(LPT, 0u);
    Cy_MCWDT_ClearInterrupt(LPT, CY_MCWDT_CTR0 | CY_MCWDT_CTR1 | CY_MCWDT_CTR2);
    NVIC_ClearPendingIRQ(LPT_IRQ);
}

// Longest single sleep: half a C2 wrap (≈ 18.2 h), so psoc6_lptimer_ticks sees every wrap.
#define MAX_SLEEP_TICKS 0x80000000u

// Interrupts masked (caller or ISR). Due: forget it, disarm, call back; else arm the match.
static void alarm_start(void) {
    if (alarm_us == UINT64_MAX) { lptimer_disarm(); return; }
    uint64_t now = psoc6_now_us();
    if (alarm_us <= now) {
        alarm_us = UINT64_MAX;
        lptimer_disarm();
        if (alarm_fired) alarm_fired();
        return;
    }
    uint64_t t = ((alarm_us - now) * 512u + 15624u) / 15625u;       // round up: never early
    lptimer_arm(t < MAX_SLEEP_TICKS ? (uint32_t)t : MAX_SLEEP_TICKS);
}

void psoc6_alarm_init(void (*fired)(void)) { alarm_fired = fired; }

void psoc6_alarm_set(uint64_t deadline_us) {
    uint32_t s = Cy_SysLib_EnterCriticalSection();
    alarm_us = deadline_us;
    alarm_start();
    Cy_SysLib_ExitCriticalSection(s);
}

int32_t psoc6_sleep_masked(uint64_t deadline_us, int32_t allow_deep_sleep) {
    uint32_t ticks = MAX_SLEEP_TICKS;
    if (deadline_us != UINT64_MAX) {
        uint64_t now = psoc6_now_us();
        if (deadline_us <= now) return 0;
        uint64_t t = ((deadline_us - now) * 512u + 15624u) / 15625u;   // round up: never early
        if (t < 3u) return 0;                                          // HAL min_set_delay
        // (returning early leaves the alarm's match as it is)
        if (t < MAX_SLEEP_TICKS) ticks = (uint32_t)t;
    }
    lptimer_arm(ticks);
    psoc6_uart_flush();
    int32_t deep = 0;
    // WFI wakes on a pending interrupt even with PRIMASK set; the ISRs run when the caller
    // restores the mask. With a debugger attached the system only reaches CPU sleep (§4.1).
    if (allow_deep_sleep && Cy_SysPm_CpuEnterDeepSleep(CY_SYSPM_WAIT_FOR_INTERRUPT) == CY_SYSPM_SUCCESS) {
        deep = 1;
    } else {
        (void)Cy_SysPm_CpuEnterSleep(CY_SYSPM_WAIT_FOR_INTERRUPT);
    }
    lptimer_disarm();
    if (alarm_us != UINT64_MAX) alarm_start();      // the sleep borrowed the match
    return deep;
}
