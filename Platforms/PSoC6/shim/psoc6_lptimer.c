// Monotonic time and tickless deep sleep on MCWDT0, clocked by LFCLK (32.768 kHz WCO),
// the way the HAL LP timer uses it (docs/psoc6-platform.md §4.2, §6): C0 → C1 cascaded for the
// wake-up match, C2 free-running 32-bit for elapsed time, extended here to 64 bits.
// Deep sleep: Cy_SysPm_CpuEnterDeepSleep, falling back to CPU sleep when a callback
// refuses (§4.1). SysTick stops in deep sleep, so nothing here uses it (§8 item 14).
#include "psoc6_internal.h"

#define LPT MCWDT_STRUCT0
#define LPT_IRQ srss_interrupt_mcwdt_0_IRQn

static uint32_t last_c2;
static uint64_t c2_high;     // wraps of C2 seen so far << 32
static uint64_t origin;      // tick count at init: time starts at 0

static void lptimer_isr(void) {
    Cy_MCWDT_ClearInterrupt(LPT, CY_MCWDT_CTR0 | CY_MCWDT_CTR1 | CY_MCWDT_CTR2);
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
    if (Cy_SysInt_Init(&irq, lptimer_isr) != CY_SYSINT_SUCCESS) return PSOC6_ERR_DEVICE;
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

// The HAL's cyhal_lptimer_set_delay: clamp to [3, 0xFFF0FFFF]; wait until C0 is not within
// ±1 of its old match (the cascade shows up with ~2 LF cycles of lag); C0 match = C0 + low
// 16 bits, C1 match = C1 + high 16 bits; the C1 interrupt fires on the increment after C1
// reaches its match (§4.2).
static void lptimer_arm(uint32_t ticks) {
    if (ticks < 3u) ticks = 3u;
    if (ticks > 0xFFF0FFFFu) ticks = 0xFFF0FFFFu;
    uint32_t old_match = Cy_MCWDT_GetMatch(LPT, CY_MCWDT_COUNTER0);
    uint32_t c0;
    do {
        c0 = Cy_MCWDT_GetCount(LPT, CY_MCWDT_COUNTER0);
    } while (((c0 - old_match) & 0xFFFFu) <= 1u || ((old_match - c0) & 0xFFFFu) <= 1u);
    uint32_t c1 = Cy_MCWDT_GetCount(LPT, CY_MCWDT_COUNTER1);
    Cy_MCWDT_SetMatch(LPT, CY_MCWDT_COUNTER0, (c0 + (ticks & 0xFFFFu)) & 0xFFFFu, 0u);
    Cy_MCWDT_SetMatch(LPT, CY_MCWDT_COUNTER1, (c1 + (ticks >> 16)) & 0xFFFFu, 0u);
    Cy_MCWDT_ClearInterrupt(LPT, CY_MCWDT_CTR0 | CY_MCWDT_CTR1 | CY_MCWDT_CTR2);
    Cy_MCWDT_SetInterruptMask(LPT, CY_MCWDT_CTR1);
}

static void lptimer_disarm(void) {
    Cy_MCWDT_SetInterruptMask(LPT, 0u);
    Cy_MCWDT_ClearInterrupt(LPT, CY_MCWDT_CTR0 | CY_MCWDT_CTR1 | CY_MCWDT_CTR2);
    NVIC_ClearPendingIRQ(LPT_IRQ);
}

// Longest single sleep: half a C2 wrap (≈ 18.2 h), so psoc6_lptimer_ticks sees every wrap.
#define MAX_SLEEP_TICKS 0x80000000u

int32_t psoc6_sleep_masked(uint64_t deadline_us, int32_t allow_deep_sleep) {
    uint32_t ticks = MAX_SLEEP_TICKS;
    if (deadline_us != UINT64_MAX) {
        uint64_t now = psoc6_now_us();
        if (deadline_us <= now) return 0;
        uint64_t t = ((deadline_us - now) * 512u + 15624u) / 15625u;   // round up: never early
        if (t < 3u) return 0;                                          // HAL min_set_delay
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
    return deep;
}
