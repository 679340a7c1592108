// SDIO argument words and R5 flags shared by the SDHC and UDB paths.
// CMD52: bit31 R/W, bits30..28 function, bit27 RAW, bits25..9 address, bits7..0 data.
// CMD53: bit31 R/W, bits30..28 function, bit27 block mode, bit26 op code (1 = incrementing),
// bits25..9 address, bits8..0 count (bytes, 512 = 0; or blocks). (docs/cyw43-bus.md §2.3)
#pragma once
#include <stdint.h>

#define SDIO_CMD_GO_IDLE           0u
#define SDIO_CMD_SEND_RELATIVE_ADDR 3u
#define SDIO_CMD_IO_SEND_OP_COND   5u
#define SDIO_CMD_SELECT_CARD       7u
#define SDIO_CMD_IO_RW_DIRECT      52u
#define SDIO_CMD_IO_RW_EXTENDED    53u

// R5 response flags (bits 15..8): COM_CRC_ERROR 0x80, ILLEGAL_COMMAND 0x40, ERROR 0x08,
// FUNCTION_NUMBER 0x02, OUT_OF_RANGE 0x01.
#define SDIO_R5_ERROR_FLAGS 0xCBu

// CCCR bus speed select (F0 0x13): SHS bit 0, EHS bit 1 (docs/psoc6-platform.md §2.1 step 6).
#define SDIO_CCCR_SPEED 0x13u

#define SDIO_BLOCK_SIZE 64u

static inline uint32_t sdio_cmd52_arg(int32_t write, uint8_t function, uint32_t address, uint8_t value) {
    return ((write ? 1u : 0u) << 31) | ((uint32_t)(function & 7u) << 28) | ((address & 0x1FFFFu) << 9) | value;
}

static inline uint32_t sdio_cmd53_arg(int32_t write, uint8_t function, uint32_t address, int32_t incrementing,
                                      int32_t block_mode, uint32_t count) {
    return ((write ? 1u : 0u) << 31) | ((uint32_t)(function & 7u) << 28) | ((block_mode ? 1u : 0u) << 27)
         | ((incrementing ? 1u : 0u) << 26) | ((address & 0x1FFFFu) << 9) | (count & 0x1FFu);
}
