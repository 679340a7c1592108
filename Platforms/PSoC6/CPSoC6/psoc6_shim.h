// The Swift-facing API of the PSoC 6 platform shim (Platforms/PSoC6/shim/*.c, built over
// Infineon's PDL by Platforms/PSoC6/psoc6.mk). Only fixed-width integers, pointers to
// plain bytes and opaque state cross this line: no PDL struct or enum ever reaches Swift
// (short-enum ABI, docs/psoc6-platform.md §8 item 4). Return codes: 0 = success, < 0 = one of
// PSOC6_ERR_*. Nothing here includes a PDL header, so the Swift glue compiles (and is
// checked as Embedded Swift) without ModusToolbox.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PSOC6_OK            0
#define PSOC6_ERR_TIMEOUT  (-1)  // no CMD_COMPLETE / XFER_COMPLETE in time
#define PSOC6_ERR_CRC      (-2)  // CRC / end-bit / index error reported by the host
#define PSOC6_ERR_RESPONSE (-3)  // R5 response flags report an error
#define PSOC6_ERR_TOO_LONG (-4)  // CMD53 larger than the bounce buffer / count field
#define PSOC6_ERR_ARG      (-5)  // bad function / address / block size
#define PSOC6_ERR_INIT     (-6)  // enumeration or clock setup failed
#define PSOC6_ERR_DEVICE   (-7)  // a PDL/HAL call returned an error

// ---- board ---------------------------------------------------------------------------
// cybsp_init() (clocks, power, SysClk deep-sleep callback), debug UART 115200 8N1, the
// MCWDT low-power timer, WL_REG_ON (driven low) and the host-wake input. Call once, first.
int32_t psoc6_board_init(void);
// The kit this image was built for, NUL-terminated (e.g. "CY8CPROTO-062-4343W").
const char *psoc6_kit_name(void);
// The silicon's 64-bit unique id (Cy_SysLib_GetUniqueId: die lot, wafer, X/Y, sort, minor):
// the driver's uniqueID, from which a blank-OTP chip gets its locally administered MAC.
uint64_t psoc6_unique_id(void);

// ---- interrupts, time, sleep -----------------------------------------------------------
// Masks interrupts (PRIMASK) and returns the previous state for psoc6_irq_restore.
uint32_t psoc6_irq_mask(void);
void psoc6_irq_restore(uint32_t state);
// Monotonic microseconds since psoc6_board_init, from MCWDT counter 2 (32.768 kHz LFCLK,
// 30.52 µs resolution, runs in deep sleep) extended to 64 bits in software.
uint64_t psoc6_now_us(void);
// Called with interrupts MASKED: arms the MCWDT C0/C1 match for `deadline_us`
// (UINT64_MAX = none), enters system deep sleep (CPU sleep when `allow_deep_sleep` is 0
// or a deep-sleep callback refuses), and returns after the wake-up with interrupts still
// masked; the caller's psoc6_irq_restore lets the pending ISRs run. Returns 1 if it
// reached deep sleep, 0 for CPU sleep, and does not sleep at all when the deadline is
// < 3 LFCLK ticks away (returns 0).
int32_t psoc6_sleep_masked(uint64_t deadline_us, int32_t allow_deep_sleep);
// The scheduler's alarm: `fired` is called (from the MCWDT interrupt, or from
// psoc6_alarm_set / the end of psoc6_sleep_masked when the deadline has already come) once
// `deadline_us` is reached; a new deadline replaces the old, UINT64_MAX cancels. It shares
// the MCWDT match with psoc6_sleep_masked, which starts it again when the sleep ends.
void psoc6_alarm_init(void (*fired)(void));
void psoc6_alarm_set(uint64_t deadline_us);
// Busy-waits (Cy_SysLib_DelayUs / Cy_SysLib_Delay).
void psoc6_delay_us(uint32_t us);

// ---- host-wake and WL_REG_ON ----------------------------------------------------------
// 1 if the host-wake ISR latched the kit's edge since the last call (read and cleared
// atomically), else 0.
int32_t psoc6_hostwake_take_edge(void);
// 1 if the host-wake line is at its asserted level now (rising kits: high; falling: low).
int32_t psoc6_hostwake_asserted(void);
// 1 = rising edge (INTERRUPT_POLARITY_HIGH), 0 = falling (43439 EVAL kits).
int32_t psoc6_hostwake_rising(void);
// Drives WL_REG_ON (1 = chip powered).
void psoc6_regon_write(int32_t on);

// ---- SDIO (SDHC0 on nine kits, UDB SDIO through the HAL on three) ------------------------
// Enumerates the card (CMD0, CMD5, CMD3, CMD7, optional high speed) and leaves the bus at
// 4 bits, 64-byte blocks, 25 or 50 MHz. WL_REG_ON must have been raised 250 ms before.
int32_t psoc6_sdio_init(void);
// The SD clock now in Hz (0 before init).
uint32_t psoc6_sdio_clock_hz(void);
// CMD52 (IO_RW_DIRECT). *out = the data byte of the R5 response.
int32_t psoc6_sdio_cmd52(int32_t write, uint8_t function, uint32_t address, uint8_t value, uint8_t *out);
// CMD53 (IO_RW_EXTENDED): `length` bytes; block_size 0 = byte mode (length ≤ 512), else
// block mode with length / block_size blocks. Any Swift buffer is fine: the shim copies
// through a word-aligned, block-padded bounce buffer (ADMA2 needs it, §8 item 6).
int32_t psoc6_sdio_cmd53(int32_t write, uint8_t function, uint32_t address, int32_t incrementing,
                         uint32_t block_size, uint8_t *buffer, uint32_t length);
// The largest CMD53 the bounce buffer takes.
uint32_t psoc6_sdio_max_transfer(void);

// ---- debug UART --------------------------------------------------------------------------
// Blocking put of one byte (waits while the 128-byte TX FIFO is full).
void psoc6_uart_putc(uint8_t byte);
// Waits until the last byte has left the shifter (call before deep sleep).
void psoc6_uart_flush(void);

// ---- Wi-Fi firmware images linked into flash ---------------------------------------------
// psoc6.mk embeds WIFI_FW / WIFI_CLM / WIFI_NVRAM (objcopy -I binary) when given. Returns the
// image's address in flash and sets *length; NULL and 0 when the image was not linked in.
#define PSOC6_RESOURCE_FIRMWARE 0
#define PSOC6_RESOURCE_CLM      1
#define PSOC6_RESOURCE_NVRAM    2   // the NVRAM *text* file; the Swift side converts it
const uint8_t *psoc6_resource(int32_t which, uint32_t *length);

// ---- heap (the counting allocator, psoc6_runtime.c) --------------------------------------
struct psoc6_alloc_stats {
    uint32_t allocations;   // posix_memalign / malloc calls that returned memory
    uint32_t frees;         // free calls with a non-null pointer
    uint32_t bytes_in_use;  // usable bytes of the live chunks
    uint32_t peak_bytes;    // high-water mark of bytes_in_use
};
void psoc6_alloc_stats_read(struct psoc6_alloc_stats *out);
/// Bytes taken from the BSP's heap so far (the sbrk high-water mark).
uint32_t psoc6_heap_used(void);

#ifdef __cplusplus
}
#endif
