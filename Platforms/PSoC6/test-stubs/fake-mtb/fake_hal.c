/* FAKE HAL definitions (ours) so check-flow.sh can link the UDB-SDIO path; they do nothing. */
#include "cyhal.h"
cy_rslt_t cyhal_sdio_init(cyhal_sdio_t *o, cyhal_gpio_t a, cyhal_gpio_t b, cyhal_gpio_t c, cyhal_gpio_t d, cyhal_gpio_t e, cyhal_gpio_t f) { (void)o; (void)a; (void)b; (void)c; (void)d; (void)e; (void)f; return 0; }
cy_rslt_t cyhal_sdio_configure(cyhal_sdio_t *o, const cyhal_sdio_cfg_t *c) { (void)o; (void)c; return 0; }
cy_rslt_t cyhal_sdio_send_cmd(cyhal_sdio_t *o, cyhal_sdio_transfer_type_t d, cyhal_sdio_host_command_t c, uint32_t a, uint32_t *r) { (void)o; (void)d; (void)c; (void)a; if (r) *r = 0x10000; return 0; }
cy_rslt_t cyhal_sdio_bulk_transfer(cyhal_sdio_t *o, cyhal_sdio_transfer_type_t d, uint32_t a, const uint32_t *x, uint16_t l, uint32_t *r) { (void)o; (void)d; (void)a; (void)x; (void)l; (void)r; return 0; }
