// FAKE HAL header (ours, not Infineon code): the SDIO calls the UDB-SDIO path makes, with the
// mtb-hal-cat1 2.x names docs/psoc6-platform.md §2.2 gives.
#pragma once
#include "cy_pdl.h"
typedef uint32_t cyhal_gpio_t;
#define CYHAL_FAKE_PIN(port, pin) ((cyhal_gpio_t)(((port) << 3) | (pin)))
#define P2_0 CYHAL_FAKE_PIN(2, 0)
#define P2_1 CYHAL_FAKE_PIN(2, 1)
#define P2_2 CYHAL_FAKE_PIN(2, 2)
#define P2_3 CYHAL_FAKE_PIN(2, 3)
#define P2_4 CYHAL_FAKE_PIN(2, 4)
#define P2_5 CYHAL_FAKE_PIN(2, 5)
#define P12_0 CYHAL_FAKE_PIN(12, 0)
#define P12_1 CYHAL_FAKE_PIN(12, 1)
#define P12_2 CYHAL_FAKE_PIN(12, 2)
#define P12_3 CYHAL_FAKE_PIN(12, 3)
#define P12_4 CYHAL_FAKE_PIN(12, 4)
#define P12_5 CYHAL_FAKE_PIN(12, 5)
typedef struct { uint32_t block_size; uint32_t reserved[63]; } cyhal_sdio_t;
typedef struct { uint32_t frequencyhal_hz; uint16_t block_size; } cyhal_sdio_cfg_t;
typedef enum { CYHAL_SDIO_XFER_TYPE_READ = 0, CYHAL_SDIO_XFER_TYPE_WRITE = 1 } cyhal_sdio_transfer_type_t;
typedef enum {
    CYHAL_SDIO_CMD_GO_IDLE_STATE = 0, CYHAL_SDIO_CMD_SEND_RELATIVE_ADDR = 3, CYHAL_SDIO_CMD_IO_SEND_OP_COND = 5,
    CYHAL_SDIO_CMD_SELECT_CARD = 7, CYHAL_SDIO_CMD_VOLTAGE_SWITCH = 11, CYHAL_SDIO_CMD_GO_INACTIVE_STATE = 15,
    CYHAL_SDIO_CMD_IO_RW_DIRECT = 52, CYHAL_SDIO_CMD_IO_RW_EXTENDED = 53,
} cyhal_sdio_host_command_t;
cy_rslt_t cyhal_sdio_init(cyhal_sdio_t *obj, cyhal_gpio_t cmd, cyhal_gpio_t clk, cyhal_gpio_t data0,
                          cyhal_gpio_t data1, cyhal_gpio_t data2, cyhal_gpio_t data3);
cy_rslt_t cyhal_sdio_configure(cyhal_sdio_t *obj, const cyhal_sdio_cfg_t *config);
cy_rslt_t cyhal_sdio_send_cmd(cyhal_sdio_t *obj, cyhal_sdio_transfer_type_t direction,
                              cyhal_sdio_host_command_t command, uint32_t argument, uint32_t *response);
cy_rslt_t cyhal_sdio_bulk_transfer(cyhal_sdio_t *obj, cyhal_sdio_transfer_type_t direction, uint32_t argument,
                                   const uint32_t *data, uint16_t length, uint32_t *response);
// Probe (ours): what the last bulk transfer moved and whether it matched its CMD53 argument.
extern uint32_t fake_hal_last_blocks, fake_hal_last_block_bytes, fake_hal_mismatches, fake_hal_transfers_ok;
