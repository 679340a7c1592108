// FAKE PDL behaviour (ours, not Infineon code): the link-time functions of cy_pdl.h over a small
// model of the hardware the shim drives. Facts modelled (docs/psoc6-platform.md):
//  - LFCLK 32768 Hz; MCWDT C0/C1 16-bit with C0->C1 cascade on C0 reaching its match, C1's
//    interrupt on incrementing past its match, C2 free-running; a new match takes effect two
//    LFCLK cycles after it is written (§4.2).
//  - SD host: ADMA2 single descriptor; the transfer fails with an ADMA length mismatch when the
//    descriptor length differs from block size x block count (§2.3; CY_SD_HOST_ADMA_LEN_ERR).
//  - SysPm: DEEPSLEEP callbacks in ascending `order` for CHECK_READY / BEFORE_TRANSITION, in
//    reverse for AFTER_TRANSITION; a refusal at CHECK_READY aborts the entry (§4.1).
#include <string.h>
#include "fake_hw.h"

static const cy_stc_device_t fake_device = { 1u };
const cy_stc_device_t *cy_device = &fake_device;
volatile uint32_t fake_hw_nvic_enabled[8], fake_hw_nvic_pending[8], fake_hw_primask;
GPIO_PRT_Type fake_hw_gpio[15];
MCWDT_STRUCT_Type fake_hw_mcwdt0;
CySCB_Type fake_hw_scb[11];
SDHC_Type fake_hw_sdhc0;
uint64_t fake_hw_time_us;
uint32_t fake_hw_read_cost_us = 2u;
uint64_t fake_hw_wake_tick;

// ---- time and the MCWDT -------------------------------------------------------------------
static uint64_t lf_ticks;                 // ticks already applied to the counters
static uint32_t c0, c1;
static uint32_t pending_match[2], pending_at[2], has_pending[2];

uint64_t fake_hw_lf_ticks(void) { return lf_ticks; }

static void one_tick(void) {
    lf_ticks++;
    for (int i = 0; i < 2; i++)
        if (has_pending[i] && lf_ticks >= pending_at[i]) { fake_hw_mcwdt0.match[i] = pending_match[i]; has_pending[i] = 0; }
    c0 = (c0 + 1u) & 0xFFFFu;
    if (c0 == fake_hw_mcwdt0.match[0]) {
        if (c1 == fake_hw_mcwdt0.match[1]) fake_hw_mcwdt0.intr |= CY_MCWDT_CTR1;   // increments past its match
        c1 = (c1 + 1u) & 0xFFFFu;
    }
}

void fake_hw_advance_ticks(uint64_t ticks) {
    for (uint64_t i = 0; i < ticks; i++) one_tick();
    fake_hw_time_us = lf_ticks * 1000000u / 32768u;
}

static void advance_us(uint64_t us) {
    fake_hw_time_us += us;
    uint64_t target = fake_hw_time_us * 32768u / 1000000u;
    while (lf_ticks < target) one_tick();
}

uint32_t fake_hw_mcwdt_count(MCWDT_STRUCT_Type const *base, cy_en_mcwdtctr_t counter) {
    (void)base;
    advance_us(fake_hw_read_cost_us);
    return counter == CY_MCWDT_COUNTER0 ? c0 : counter == CY_MCWDT_COUNTER1 ? c1 : (uint32_t)lf_ticks;
}

void fake_hw_mcwdt_set_match(MCWDT_STRUCT_Type *base, cy_en_mcwdtctr_t counter, uint32_t match) {
    (void)base;
    unsigned i = counter & 1u;
    pending_match[i] = match; pending_at[i] = (uint32_t)lf_ticks + 2u; has_pending[i] = 1;
}

cy_en_mcwdt_status_t Cy_MCWDT_Init(MCWDT_STRUCT_Type *base, cy_stc_mcwdt_config_t const *config) {
    base->match[0] = config->c0Match; base->match[1] = config->c1Match;
    return CY_MCWDT_SUCCESS;
}

// ---- SysLib ---------------------------------------------------------------------------------
uint32_t Cy_SysLib_EnterCriticalSection(void) { uint32_t s = fake_hw_primask; fake_hw_primask = 1u; return s; }
void Cy_SysLib_ExitCriticalSection(uint32_t s) { fake_hw_primask = s; }
void Cy_SysLib_Delay(uint32_t ms) { advance_us((uint64_t)ms * 1000u); }
void Cy_SysLib_DelayUs(uint16_t us) { advance_us(us); }
uint64_t Cy_SysLib_GetUniqueId(void) { return 0x1A2B3C4D5E6F7081ull; }   // a fake die

// ---- GPIO, SysInt, SysClk -----------------------------------------------------------------------
void Cy_GPIO_Pin_FastInit(GPIO_PRT_Type *b, uint32_t pin, uint32_t dm, uint32_t out, en_hsiom_sel_t h) {
    (void)dm; (void)h; Cy_GPIO_Write(b, pin, out);
}
cy_en_sysint_status_t Cy_SysInt_Init(const cy_stc_sysint_t *c, cy_israddress isr) {
    return (c == NULL || isr == NULL) ? CY_SYSINT_BAD_PARAM : CY_SYSINT_SUCCESS;
}
cy_en_sysclk_status_t Cy_SysClk_PeriphAssignDivider(en_clk_dst_t a, cy_en_divider_types_t b, uint32_t c) { (void)a; (void)b; (void)c; return CY_SYSCLK_SUCCESS; }
cy_en_sysclk_status_t Cy_SysClk_PeriphSetFracDivider(cy_en_divider_types_t a, uint32_t b, uint32_t c, uint32_t d) { (void)a; (void)b; (void)c; (void)d; return CY_SYSCLK_SUCCESS; }
cy_en_sysclk_status_t Cy_SysClk_PeriphEnableDivider(cy_en_divider_types_t a, uint32_t b) { (void)a; (void)b; return CY_SYSCLK_SUCCESS; }
cy_en_sysclk_status_t Cy_SysClk_ClkHfSetSource(uint32_t a, cy_en_clkhf_in_sources_t b) { (void)a; (void)b; return CY_SYSCLK_SUCCESS; }
cy_en_sysclk_status_t Cy_SysClk_ClkHfSetDivider(uint32_t a, cy_en_clkhf_dividers_t b) { (void)a; (void)b; return CY_SYSCLK_SUCCESS; }
cy_en_sysclk_status_t Cy_SysClk_ClkHfEnable(uint32_t a) { (void)a; return CY_SYSCLK_SUCCESS; }

// ---- SysPm ------------------------------------------------------------------------------------
cy_stc_syspm_callback_t *fake_hw_syspm_callbacks[FAKE_HW_MAX_CALLBACKS];
uint32_t fake_hw_syspm_count;
char fake_hw_syspm_trace[512];

static void trace(const char *s) {
    size_t n = strlen(fake_hw_syspm_trace);
    if (n + strlen(s) + 2 < sizeof fake_hw_syspm_trace) { strcat(fake_hw_syspm_trace, s); strcat(fake_hw_syspm_trace, " "); }
}

bool Cy_SysPm_RegisterCallback(cy_stc_syspm_callback_t *h) {
    if (h == NULL || h->callback == NULL || fake_hw_syspm_count == FAKE_HW_MAX_CALLBACKS) return false;
    for (uint32_t i = 0; i < fake_hw_syspm_count; i++) if (fake_hw_syspm_callbacks[i] == h) return false;
    fake_hw_syspm_callbacks[fake_hw_syspm_count++] = h;
    return true;
}

// Deep-sleep callbacks sorted by order (stable for equal orders).
static uint32_t sorted(cy_stc_syspm_callback_t **out) {
    uint32_t n = 0;
    for (uint32_t o = 0; o < 256u; o++)
        for (uint32_t i = 0; i < fake_hw_syspm_count; i++)
            if (fake_hw_syspm_callbacks[i]->type == CY_SYSPM_DEEPSLEEP && fake_hw_syspm_callbacks[i]->order == o)
                out[n++] = fake_hw_syspm_callbacks[i];
    return n;
}

static void sleep_until_interrupt(void) {
    // Up to three C0 wraps; an unmasked pending MCWDT interrupt or a GPIO edge wakes the CPU.
    for (uint32_t i = 0; i < 3u * 65536u; i++) {
        if (fake_hw_mcwdt0.intr & fake_hw_mcwdt0.intr_mask) break;
        fake_hw_advance_ticks(1);
    }
    fake_hw_wake_tick = lf_ticks;
}

cy_en_syspm_status_t Cy_SysPm_CpuEnterDeepSleep(cy_en_syspm_waitfor_t w) {
    (void)w;
    cy_stc_syspm_callback_t *cb[FAKE_HW_MAX_CALLBACKS];
    uint32_t n = sorted(cb);
    for (uint32_t i = 0; i < n; i++) {
        if (cb[i]->callback(cb[i]->callbackParams, CY_SYSPM_CHECK_READY) != CY_SYSPM_SUCCESS) {
            trace("refused");
            for (uint32_t j = i; j-- > 0;) cb[j]->callback(cb[j]->callbackParams, CY_SYSPM_CHECK_FAIL);
            return CY_SYSPM_FAIL;
        }
    }
    for (uint32_t i = 0; i < n; i++) cb[i]->callback(cb[i]->callbackParams, CY_SYSPM_BEFORE_TRANSITION);
    trace("deepsleep");
    sleep_until_interrupt();
    for (uint32_t i = n; i-- > 0;) cb[i]->callback(cb[i]->callbackParams, CY_SYSPM_AFTER_TRANSITION);
    return CY_SYSPM_SUCCESS;
}

cy_en_syspm_status_t Cy_SysPm_CpuEnterSleep(cy_en_syspm_waitfor_t w) { (void)w; trace("sleep"); sleep_until_interrupt(); return CY_SYSPM_SUCCESS; }

cy_en_syspm_status_t Cy_SysClk_DeepSleepCallback(cy_stc_syspm_callback_params_t *p, cy_en_syspm_callback_mode_t m) {
    (void)p; if (m == CY_SYSPM_BEFORE_TRANSITION) trace("sysclk"); return CY_SYSPM_SUCCESS;
}

// ---- SCB UART ---------------------------------------------------------------------------------
cy_en_scb_uart_status_t Cy_SCB_UART_Init(CySCB_Type *b, cy_stc_scb_uart_config_t const *c, cy_stc_scb_uart_context_t *x) {
    return (b == NULL || c == NULL || x == NULL) ? CY_SCB_UART_BAD_PARAM : CY_SCB_UART_SUCCESS;
}
uint32_t Cy_SCB_UART_Put(CySCB_Type *b, uint32_t d) { (void)d; return b->enabled ? 1u : 0u; }
bool Cy_SCB_UART_IsTxComplete(CySCB_Type const *b) { return b->tx_busy == 0u; }
cy_en_syspm_status_t Cy_SCB_UART_DeepSleepCallback(cy_stc_syspm_callback_params_t *p, cy_en_syspm_callback_mode_t m) {
    CySCB_Type *b = (CySCB_Type *)p->base;
    if (p->context == NULL) return CY_SYSPM_FAIL;
    if (m == CY_SYSPM_CHECK_READY) return b->tx_busy ? CY_SYSPM_FAIL : CY_SYSPM_SUCCESS;
    if (m == CY_SYSPM_BEFORE_TRANSITION) { b->enabled = 0u; trace("uart"); }
    if (m == CY_SYSPM_AFTER_TRANSITION || m == CY_SYSPM_CHECK_FAIL) b->enabled = 1u;
    return CY_SYSPM_SUCCESS;
}

// ---- SD host and a card behind it --------------------------------------------------------------
uint32_t fake_hw_sd_last_block_size, fake_hw_sd_last_blocks, fake_hw_sd_last_adma_len;
uint32_t fake_hw_sd_transfers_ok, fake_hw_sd_adma_len_errors;
static cy_stc_sd_host_data_config_t armed;
static int armed_valid;
static uint32_t last_response;

void Cy_SD_Host_Enable(SDHC_Type *b) { (void)b; }
cy_en_sd_host_status_t Cy_SD_Host_Init(SDHC_Type *b, const cy_stc_sd_host_init_config_t *c, cy_stc_sd_host_context_t *x) {
    return (b == NULL || c == NULL || x == NULL) ? CY_SD_HOST_ERROR : CY_SD_HOST_SUCCESS;
}
cy_en_sd_host_status_t Cy_SD_Host_SetSdClkDiv(SDHC_Type *b, uint16_t d) { (void)b; return d ? CY_SD_HOST_SUCCESS : CY_SD_HOST_ERROR; }
cy_en_sd_host_status_t Cy_SD_Host_SetHostBusWidth(SDHC_Type *b, cy_en_sd_host_bus_width_t w) { (void)b; (void)w; return CY_SD_HOST_SUCCESS; }
cy_en_sd_host_status_t Cy_SD_Host_SetHostSpeedMode(SDHC_Type *b, cy_en_sd_host_bus_speed_mode_t s) { (void)b; (void)s; return CY_SD_HOST_SUCCESS; }
cy_en_sd_host_status_t Cy_SD_Host_InitDataTransfer(SDHC_Type *b, cy_stc_sd_host_data_config_t const *d) {
    (void)b; armed = *d; armed_valid = 1; return CY_SD_HOST_SUCCESS;
}
void Cy_SD_Host_SoftwareReset(SDHC_Type *b, cy_en_sd_host_reset_t r) { (void)r; b->normal_status &= ~CY_SD_HOST_ERR_INTERRUPT; b->error_status = 0u; }

cy_en_sd_host_status_t Cy_SD_Host_SendCommand(SDHC_Type *b, cy_stc_sd_host_cmd_config_t const *c) {
    switch (c->commandIndex) {                 // a one-function SDIO card, always ready
    case 5: last_response = 0x90FF8000u; break;            // IORDY, 1 function, 3.2-3.4 V
    case 3: last_response = 0x00010000u; break;            // RCA 1
    case 52: last_response = 0x1000u | 0x03u; break;       // state CMD, SHS|EHS echoed
    default: last_response = 0x1000u; break;
    }
    b->normal_status |= CY_SD_HOST_CMD_COMPLETE;
    if (c->dataPresent && armed_valid) {
        armed_valid = 0;
        uint32_t adma_len = (armed.data[0] >> 16) & 0xFFFFu;
        if (adma_len == 0u) adma_len = 65536u;
        fake_hw_sd_last_block_size = armed.blockSize; fake_hw_sd_last_blocks = armed.numberOfBlock;
        fake_hw_sd_last_adma_len = adma_len;
        if (adma_len != armed.blockSize * armed.numberOfBlock) {
            b->adma_error = CY_SD_HOST_ADMA_LEN_ERR;
            b->error_status |= CY_SD_HOST_ADMA_ERROR;
            b->normal_status |= CY_SD_HOST_ERR_INTERRUPT;
            fake_hw_sd_adma_len_errors++;
        } else {
            b->normal_status |= CY_SD_HOST_XFER_COMPLETE;
            fake_hw_sd_transfers_ok++;
        }
    }
    return CY_SD_HOST_SUCCESS;
}
cy_en_sd_host_status_t Cy_SD_Host_GetResponse(SDHC_Type const *b, uint32_t *r, bool l) { (void)b; (void)l; *r = last_response; return CY_SD_HOST_SUCCESS; }
cy_en_syspm_status_t Cy_SD_Host_DeepSleepCallback(cy_stc_syspm_callback_params_t *p, cy_en_syspm_callback_mode_t m) {
    SDHC_Type *b = (SDHC_Type *)p->base;
    if (p->context == NULL) return CY_SYSPM_FAIL;
    if (m == CY_SYSPM_BEFORE_TRANSITION) { b->clock_on = 0u; trace("sdhost"); }
    if (m == CY_SYSPM_AFTER_TRANSITION) b->clock_on = 1u;
    return CY_SYSPM_SUCCESS;
}
