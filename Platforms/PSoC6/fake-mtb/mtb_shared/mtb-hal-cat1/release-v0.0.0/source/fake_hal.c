// FAKE HAL behaviour (ours, not Infineon code). The bulk transfer follows the HAL's UDB SDIO
// rule (docs/psoc6-platform.md §2.5): once `length` reaches the configured block size it moves
// ceil(length / block_size) blocks of block_size bytes, else one block of `length` bytes. The
// card acts on the CMD53 argument; when the argument announces a different transfer (byte vs
// block mode, or another count) the data phase fails, as it would on the bus.
#include "cyhal.h"
uint32_t fake_hal_last_blocks, fake_hal_last_block_bytes, fake_hal_mismatches, fake_hal_transfers_ok;

cy_rslt_t cyhal_sdio_init(cyhal_sdio_t *o, cyhal_gpio_t a, cyhal_gpio_t b, cyhal_gpio_t c, cyhal_gpio_t d, cyhal_gpio_t e, cyhal_gpio_t f) {
    (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; o->block_size = 64u; return CY_RSLT_SUCCESS;
}
cy_rslt_t cyhal_sdio_configure(cyhal_sdio_t *o, const cyhal_sdio_cfg_t *c) {
    if (c->block_size) o->block_size = c->block_size;
    return CY_RSLT_SUCCESS;
}
cy_rslt_t cyhal_sdio_send_cmd(cyhal_sdio_t *o, cyhal_sdio_transfer_type_t d, cyhal_sdio_host_command_t c, uint32_t a, uint32_t *r) {
    (void)o; (void)d; (void)a;
    if (c == CYHAL_SDIO_CMD_IO_RW_EXTENDED) return 1u;             // the HAL rejects CMD53 here
    if (r) *r = c == CYHAL_SDIO_CMD_SEND_RELATIVE_ADDR ? 0x00010000u : 0x1000u;
    return CY_RSLT_SUCCESS;
}
cy_rslt_t cyhal_sdio_bulk_transfer(cyhal_sdio_t *o, cyhal_sdio_transfer_type_t d, uint32_t a, const uint32_t *x, uint16_t l, uint32_t *r) {
    (void)d;
    if (x == NULL || l == 0u) return 1u;
    uint32_t blocks = 1u, bytes = l;
    if (l >= o->block_size) { blocks = (l + o->block_size - 1u) / o->block_size; bytes = o->block_size; }
    fake_hal_last_blocks = blocks; fake_hal_last_block_bytes = bytes;
    uint32_t arg_block_mode = (a >> 27) & 1u, arg_count = a & 0x1FFu;
    int block_mode = l >= o->block_size;
    uint32_t expect = block_mode ? blocks : (bytes & 0x1FFu);
    if ((uint32_t)block_mode != arg_block_mode || expect != arg_count) { fake_hal_mismatches++; return 2u; }
    fake_hal_transfers_ok++;
    if (r) *r = 0x1000u;
    return CY_RSLT_SUCCESS;
}
