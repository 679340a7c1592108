// SDIO on the three CY8C6247-based kits, whose SDIO is built from UDBs (programmable
// logic) by Infineon's udb-sdio-whd library. That library calls HAL internals (hwmgr,
// clocks, IRQs), so this path goes through the HAL's SDIO API exactly as WHD's BSP glue
// does: CMD0, CMD5, CMD3, CMD7 at 400 kHz, then a fixed 25 MHz, 64-byte blocks, no high
// speed and no 1.8 V switch (docs/psoc6-platform.md §2.1, §2.5, §8 item 11). The HAL's bulk
// transfer decides byte vs block mode by itself: once the length reaches the block size it
// sends ceil(length / 64) blocks of 64 bytes. The CMD53 argument must announce that same
// transfer, so a byte-mode request of 64..512 bytes goes out as block mode, padded to whole
// blocks through the bounce buffer. The HAL registers its own SDIO deep-sleep callback. Needs CY_USING_HAL,
// CYHAL_UDB_SDIO, mtb-hal-cat1 and udb-sdio-whd (COMPONENT_UDB_SDIO_P2 / _P12).
#include "psoc6_internal.h"
#include "psoc6_sdio_common.h"

#if defined(PSOC6_SDIO_UDB)

#if PSOC6_UDB_PORT == 2
#  define UDB_CMD P2_4
#  define UDB_CLK P2_5
#  define UDB_D0 P2_0
#  define UDB_D1 P2_1
#  define UDB_D2 P2_2
#  define UDB_D3 P2_3
#elif PSOC6_UDB_PORT == 12
#  define UDB_CLK P12_0
#  define UDB_D0 P12_1
#  define UDB_D1 P12_2
#  define UDB_D2 P12_3
#  define UDB_D3 P12_4
#  define UDB_CMD P12_5
#else
#  error "PSOC6_UDB_PORT must be 2 or 12"
#endif

#define BOUNCE_BYTES 4096u

static cyhal_sdio_t sdio;
static uint32_t sd_clock_hz;
static uint32_t bounce[BOUNCE_BYTES / 4u];

static int32_t command(cyhal_sdio_host_command_t cmd, uint32_t argument, uint32_t *response) {
    cy_rslt_t r = 1;
    for (uint32_t i = 0; i < 5u && r != CY_RSLT_SUCCESS; i++) {   // WHD glue: 5 tries, 1 ms apart
        if (i) Cy_SysLib_Delay(1u);
        r = cyhal_sdio_send_cmd(&sdio, CYHAL_SDIO_XFER_TYPE_WRITE, cmd, argument, response);
    }
    return r == CY_RSLT_SUCCESS ? PSOC6_OK : PSOC6_ERR_TIMEOUT;
}

int32_t psoc6_sdio_init(void) {
    if (cyhal_sdio_init(&sdio, UDB_CMD, UDB_CLK, UDB_D0, UDB_D1, UDB_D2, UDB_D3) != CY_RSLT_SUCCESS)
        return PSOC6_ERR_DEVICE;
    sd_clock_hz = 400000u;
    for (uint32_t loop = 0; loop < 500u; loop++) {
        uint32_t rca = 0;
        (void)command(CYHAL_SDIO_CMD_GO_IDLE_STATE, 0u, NULL);
        if (command(CYHAL_SDIO_CMD_IO_SEND_OP_COND, 0u, NULL) == PSOC6_OK              // R4 ignored on UDB
            && command(CYHAL_SDIO_CMD_SEND_RELATIVE_ADDR, 0u, &rca) == PSOC6_OK
            && command(CYHAL_SDIO_CMD_SELECT_CARD, rca, NULL) == PSOC6_OK) {
            const cyhal_sdio_cfg_t cfg = { .frequencyhal_hz = 25000000u, .block_size = SDIO_BLOCK_SIZE };
            if (cyhal_sdio_configure(&sdio, &cfg) != CY_RSLT_SUCCESS) return PSOC6_ERR_DEVICE;
            sd_clock_hz = 25000000u;
            return PSOC6_OK;
        }
        Cy_SysLib_Delay(1u);
    }
    return PSOC6_ERR_INIT;
}

uint32_t psoc6_sdio_clock_hz(void) { return sd_clock_hz; }
uint32_t psoc6_sdio_max_transfer(void) { return BOUNCE_BYTES; }

int32_t psoc6_sdio_cmd52(int32_t write, uint8_t function, uint32_t address, uint8_t value, uint8_t *out) {
    if (function > 7u || address > 0x1FFFFu) return PSOC6_ERR_ARG;
    uint32_t r5 = 0;
    cy_rslt_t r = 1;
    for (uint32_t i = 0; i < 50u && r != CY_RSLT_SUCCESS; i++) {
        r = cyhal_sdio_send_cmd(&sdio, write ? CYHAL_SDIO_XFER_TYPE_WRITE : CYHAL_SDIO_XFER_TYPE_READ,
                                CYHAL_SDIO_CMD_IO_RW_DIRECT, sdio_cmd52_arg(write, function, address, value), &r5);
    }
    if (out) *out = (uint8_t)(r5 & 0xFFu);
    if (r != CY_RSLT_SUCCESS) return PSOC6_ERR_TIMEOUT;
    return ((r5 >> 8) & SDIO_R5_ERROR_FLAGS) ? PSOC6_ERR_RESPONSE : PSOC6_OK;
}

int32_t psoc6_sdio_cmd53(int32_t write, uint8_t function, uint32_t address, int32_t incrementing,
                         uint32_t block_size, uint8_t *buffer, uint32_t length) {
    if (function > 7u || address > 0x1FFFFu || length == 0u || buffer == NULL) return PSOC6_ERR_ARG;
    if (block_size) {
        // The UDB block size is fixed at 64 here (≤ 255 on UDB, §2.5).
        if (block_size != SDIO_BLOCK_SIZE || length % block_size) return PSOC6_ERR_ARG;
    } else if (length > 512u) {
        return PSOC6_ERR_TOO_LONG;
    }
    // The HAL's rule, not the caller's: block mode from one block size up.
    int32_t block_mode = length >= SDIO_BLOCK_SIZE;
    uint32_t count = block_mode ? (length + SDIO_BLOCK_SIZE - 1u) / SDIO_BLOCK_SIZE : length;
    uint32_t wire = block_mode ? count * SDIO_BLOCK_SIZE : length;
    if (count > 0x1FFu) return PSOC6_ERR_TOO_LONG;
    if (wire > BOUNCE_BYTES) return PSOC6_ERR_TOO_LONG;
    uint8_t *b = (uint8_t *)bounce;
    if (write) {
        for (uint32_t i = 0; i < length; i++) b[i] = buffer[i];
        for (uint32_t i = length; i < wire; i++) b[i] = 0u;            // pad of the last block
    }
    uint32_t r5 = 0;
    cy_rslt_t r = cyhal_sdio_bulk_transfer(&sdio, write ? CYHAL_SDIO_XFER_TYPE_WRITE : CYHAL_SDIO_XFER_TYPE_READ,
                                           sdio_cmd53_arg(write, function, address, incrementing, block_mode, count),
                                           bounce, (uint16_t)wire, &r5);
    if (r != CY_RSLT_SUCCESS) return PSOC6_ERR_TIMEOUT;
    if (!write) { for (uint32_t i = 0; i < length; i++) buffer[i] = b[i]; }
    return PSOC6_OK;
}

#endif  // PSOC6_SDIO_UDB
