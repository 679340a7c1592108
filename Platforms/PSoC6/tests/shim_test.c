// Host-run tests of Platforms/PSoC6/shim against the fake PDL/HAL model (fake-mtb). Each test
// names the defect it guards against (issue 13); run by Platforms/PSoC6/check-shim-behaviour.sh.
#include <stdio.h>
#include <string.h>
#include "fake_hw.h"
#if defined(CYHAL_UDB_SDIO)
#include "cyhal.h"
#endif
#include "psoc6_shim.h"
#include "psoc6_internal.h"

static int failures;
#define CHECK(cond, ...) do { if (!(cond)) { failures++; printf("FAIL %s:%d: ", __func__, __LINE__); \
    printf(__VA_ARGS__); printf("\n"); } } while (0)

// Sleeps until `ticks` LFCLK ticks from now and returns how late (+) or early (-) it woke.
static int64_t sleep_error(uint64_t ticks) {
    uint64_t now = psoc6_now_us();
    uint64_t deadline = now + (ticks * 1000000u + 32767u) / 32768u;
    uint64_t target_tick = fake_hw_lf_ticks() + ticks;
    (void)psoc6_sleep_masked(deadline, 1);
    return (int64_t)fake_hw_wake_tick - (int64_t)target_tick;
}

// MCWDT: a sleep whose length has zero low 16 bits puts the new C0 match on the count being
// read; without the HAL's second guard loop the match (effective two cycles later) is missed and
// the wake comes one C0 wrap (2 s) late. Without the elapsed-ticks correction, a guard wait
// makes the wake late by the ticks it waited.
static void test_lptimer(void) {
    const uint64_t lengths[] = { 3, 4, 5, 100, 0xFFFE, 0xFFFF, 0x10000, 0x10001, 0x20000, 0x2FFFF };
    for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        for (unsigned phase = 0; phase < 3; phase++) {
            fake_hw_advance_ticks(phase + 1);
            int64_t err = sleep_error(lengths[i]);
            CHECK(err <= 1 && err >= -1, "sleep of %llu ticks woke %lld ticks off", (unsigned long long)lengths[i], (long long)err);
        }
    }
    // Old C0 match one tick ahead of the count: guard 1 waits ~2 ticks; the wake must not move.
    for (unsigned k = 0; k < 4; k++) {
        uint32_t c0 = Cy_MCWDT_GetCount(MCWDT_STRUCT0, CY_MCWDT_COUNTER0);
        fake_hw_mcwdt_set_match(MCWDT_STRUCT0, CY_MCWDT_COUNTER0, (c0 + 1u + k % 2u) & 0xFFFFu);
        fake_hw_advance_ticks(2);
        int64_t err = sleep_error(200);
        CHECK(err <= 1 && err >= -1, "sleep of 200 ticks after a guard wait woke %lld ticks off", (long long)err);
    }
}

// The scheduler's alarm: it must come while the CPU runs (the MCWDT interrupt), never before
// its deadline, not be lost when a sleep borrows the match, and a past deadline fires at once.
static int alarm_calls;
static void alarm_cb(void) { alarm_calls++; }

// Runs LFCLK ticks until the MCWDT interrupt is pending and unmasked (at most `limit`), then
// the handler, as the NVIC would. Returns the ticks it took, or -1.
static int64_t run_to_alarm(uint64_t limit) {
    for (uint64_t n = 0; n <= limit; n++) {
        if (fake_hw_mcwdt0.intr & fake_hw_mcwdt0.intr_mask) { psoc6_lptimer_isr(); return (int64_t)n; }
        fake_hw_advance_ticks(1);
    }
    return -1;
}

static void test_alarm(void) {
    psoc6_alarm_init(alarm_cb);
    alarm_calls = 0;
    uint64_t deadline = psoc6_now_us() + 10000u;                  // ~328 ticks
    psoc6_alarm_set(deadline);
    CHECK(alarm_calls == 0 && (fake_hw_mcwdt0.intr_mask & CY_MCWDT_CTR1), "alarm armed, not fired");
    int64_t took = run_to_alarm(400);
    CHECK(took > 0 && alarm_calls == 1, "alarm while running: %lld ticks, %d calls", (long long)took, alarm_calls);
    uint64_t at = psoc6_now_us();
    CHECK(at >= deadline && at - deadline <= 100u, "alarm at %llu for %llu", (unsigned long long)at, (unsigned long long)deadline);
    CHECK(fake_hw_mcwdt0.intr_mask == 0u, "fired alarm disarmed");
    psoc6_alarm_set(psoc6_now_us());                              // already due: at once
    CHECK(alarm_calls == 2, "past deadline fires at once (%d)", alarm_calls);
    psoc6_alarm_set(psoc6_now_us() + 5000u);                      // cancelled: never
    psoc6_alarm_set(UINT64_MAX);
    CHECK(run_to_alarm(1000) < 0 && alarm_calls == 2, "cancelled alarm fired");
    // A sleep to the alarm's deadline borrows the match; the alarm fires as the sleep ends.
    deadline = psoc6_now_us() + 20000u;
    psoc6_alarm_set(deadline);
    (void)psoc6_sleep_masked(deadline, 1);
    CHECK(alarm_calls == 3 && psoc6_now_us() >= deadline, "alarm across a sleep: %d calls", alarm_calls);
    // A shorter sleep: the alarm is armed again after it and comes on time.
    deadline = psoc6_now_us() + 30000u;
    psoc6_alarm_set(deadline);
    (void)psoc6_sleep_masked(deadline - 15000u, 1);
    CHECK(alarm_calls == 3 && (fake_hw_mcwdt0.intr_mask & CY_MCWDT_CTR1), "alarm re-armed after a shorter sleep");
    took = run_to_alarm(1000);
    at = psoc6_now_us();
    CHECK(took > 0 && alarm_calls == 4 && at >= deadline && at - deadline <= 100u, "alarm after a sleep at %llu for %llu",
          (unsigned long long)at, (unsigned long long)deadline);
}

// SysPm: the SD host (SDHC kits) and the debug UART deep-sleep callbacks are registered with
// their base and context, below the BSP's SysClk callback (order 255), and run in that order.
static void test_syspm(void) {
    int sd = 0, uart = 0, sysclk = 0;
    for (uint32_t i = 0; i < fake_hw_syspm_count; i++) {
        cy_stc_syspm_callback_t *c = fake_hw_syspm_callbacks[i];
        CHECK(c->type == CY_SYSPM_DEEPSLEEP && c->skipMode == 0u, "callback %u: type %d skip %u", i, c->type, c->skipMode);
        if (c->callback == Cy_SD_Host_DeepSleepCallback) {
            sd++;
            CHECK(c->callbackParams->base == SDHC0 && c->callbackParams->context != NULL, "SD host params");
            CHECK(c->order < 255u, "SD host order %u", c->order);
        } else if (c->callback == Cy_SCB_UART_DeepSleepCallback) {
            uart++;
            CHECK(c->callbackParams->context != NULL, "UART context");
            CHECK(c->order < 255u, "UART order %u", c->order);
        } else if (c->callback == Cy_SysClk_DeepSleepCallback) {
            sysclk++;
            CHECK(c->order == 255u, "SysClk order %u", c->order);
        }
    }
#if defined(PSOC6_EXPECT_SDHC)
    CHECK(sd == 1, "SD host deep-sleep callback registered %d times", sd);
#endif
    CHECK(uart == 1, "UART deep-sleep callback registered %d times", uart);
    CHECK(sysclk == 1, "SysClk callback registered %d times", sysclk);
    fake_hw_syspm_trace[0] = 0;
    (void)sleep_error(50);
#if defined(PSOC6_EXPECT_SDHC)
    CHECK(strstr(fake_hw_syspm_trace, "sdhost uart sysclk deepsleep") != NULL, "deep-sleep entry ran: %s", fake_hw_syspm_trace);
#else
    CHECK(strstr(fake_hw_syspm_trace, "uart sysclk deepsleep") != NULL, "deep-sleep entry ran: %s", fake_hw_syspm_trace);
#endif
}

// Light sleep: the platform asks for CPU sleep (a handler waiting for the chip, a repair's
// answer window, the inactivity windows while the app holds its deep-sleep lock: App's
// DeepSleepPolicy). No deep-sleep callback may run (the SD host keeps its clock, the UART is not
// flushed into Deep Sleep), the call says it was not deep, and the MCWDT still ends the sleep on
// time. Allowed again, the same call deep-sleeps.
static void test_light_sleep(void) {
    fake_hw_syspm_trace[0] = 0;
    uint64_t ticks = 200;
    uint64_t deadline = psoc6_now_us() + (ticks * 1000000u + 32767u) / 32768u;
    uint64_t target = fake_hw_lf_ticks() + ticks;
    int32_t deep = psoc6_sleep_masked(deadline, 0);
    int64_t err = (int64_t)fake_hw_wake_tick - (int64_t)target;
    CHECK(deep == 0, "CPU sleep reported as deep sleep");
    CHECK(strcmp(fake_hw_syspm_trace, "sleep ") == 0, "CPU sleep ran the deep-sleep path: %s", fake_hw_syspm_trace);
    CHECK(err <= 1 && err >= -1, "CPU sleep of %llu ticks woke %lld ticks off", (unsigned long long)ticks, (long long)err);
    fake_hw_syspm_trace[0] = 0;
    deep = psoc6_sleep_masked(psoc6_now_us() + 20000u, 1);
    CHECK(deep == 1 && strstr(fake_hw_syspm_trace, "deepsleep") != NULL, "deep sleep when allowed: %d, %s", deep, fake_hw_syspm_trace);
}

static void test_sdio(void) {
    uint8_t buf[600];
    for (unsigned i = 0; i < sizeof buf; i++) buf[i] = (uint8_t)i;
#if defined(PSOC6_EXPECT_SDHC)
    // ADMA2: byte-mode transfers of 2, 6, 7, 61 bytes (register halves, tails) must be accepted:
    // descriptor length = block size x block count, never rounded up to 4.
    const uint32_t lengths[] = { 1, 2, 3, 6, 7, 61, 64, 100, 511, 512 };
    for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        uint32_t before = fake_hw_sd_adma_len_errors;
        int32_t r = psoc6_sdio_cmd53(1, 1, 0x8000, 1, 0, buf, lengths[i]);
        CHECK(r == PSOC6_OK && fake_hw_sd_adma_len_errors == before, "byte-mode CMD53 of %u bytes: status %d, %u ADMA length errors",
              lengths[i], r, fake_hw_sd_adma_len_errors - before);
        CHECK(fake_hw_sd_last_adma_len == lengths[i], "descriptor length %u for %u bytes", fake_hw_sd_last_adma_len, lengths[i]);
    }
    int32_t r = psoc6_sdio_cmd53(0, 2, 0x8000, 1, 64, buf, 512);
    CHECK(r == PSOC6_OK && fake_hw_sd_last_blocks == 8 && fake_hw_sd_last_adma_len == 512, "block read of 8 x 64");
#else
    // UDB: the HAL sends blocks once the length reaches the block size; the CMD53 argument
    // must say so. Byte-mode requests of 64..512 bytes go out as padded blocks.
    const uint32_t lengths[] = { 1, 2, 63, 64, 65, 100, 128, 200, 512 };
    for (unsigned i = 0; i < sizeof lengths / sizeof lengths[0]; i++) {
        uint32_t before = fake_hal_mismatches;
        int32_t r = psoc6_sdio_cmd53(0, 1, 0x8000, 1, 0, buf, lengths[i]);
        CHECK(r == PSOC6_OK && fake_hal_mismatches == before, "byte-mode CMD53 of %u bytes: status %d, argument/transfer mismatch %u",
              lengths[i], r, fake_hal_mismatches - before);
        uint32_t blocks = lengths[i] >= 64 ? (lengths[i] + 63) / 64 : 1;
        CHECK(fake_hal_last_blocks == blocks, "%u bytes moved as %u blocks, HAL rule %u", lengths[i], fake_hal_last_blocks, blocks);
    }
    int32_t r = psoc6_sdio_cmd53(1, 2, 0x8000, 1, 64, buf, 256);
    CHECK(r == PSOC6_OK && fake_hal_last_blocks == 4, "block write of 4 x 64");
#endif
}

int main(void) {
    CHECK(psoc6_board_init() == PSOC6_OK, "board init");
    CHECK(psoc6_sdio_init() == PSOC6_OK, "sdio init");
    test_sdio();
    test_syspm();
    test_lptimer();
    test_alarm();
    test_light_sleep();
    CHECK(psoc6_unique_id() == 0x1A2B3C4D5E6F7081ull, "unique id is the PDL's Cy_SysLib_GetUniqueId");
    printf("%s: %s (%d failures)\n", psoc6_kit_name(), failures ? "FAIL" : "ok", failures);
    return failures ? 1 : 0;
}
