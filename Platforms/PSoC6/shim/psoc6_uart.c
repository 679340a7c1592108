// Debug UART, 115200 8N1, polled TX (docs/psoc6-platform.md §5: minimal PDL sequence).
#include "psoc6_internal.h"

static cy_stc_scb_uart_context_t uart_context;
// The PDL requires Cy_SCB_UART_DeepSleepCallback to run inside Cy_SysPm_CpuEnterDeepSleep
// (§4.4): it refuses while TX is busy and disables/re-enables the SCB around deep sleep.
static cy_stc_syspm_callback_params_t uart_pm_params = { PSOC6_UART_SCB_BASE, &uart_context };
static cy_stc_syspm_callback_t uart_pm_callback = {
    .callback = Cy_SCB_UART_DeepSleepCallback, .type = CY_SYSPM_DEEPSLEEP, .skipMode = 0u,
    .callbackParams = &uart_pm_params, .order = PSOC6_PM_ORDER_UART,
};

// CLK_PERI = 100 MHz, oversample 8: 100e6 / (8 × 115200) = 108.51 → 16.5-bit divider
// integer 107 (÷108) + fraction 16/32 → 115 207 bps, +0.006 % (§5 step 3). Divider
// 16.5 #1: the BSP designs use div_8[0], div_8[7] and div_16[15], and UDB-SDIO needs
// div_8[0] (§5, §2.5).
#define UART_DIVIDER_TYPE CY_SYSCLK_DIV_16_5_BIT
#define UART_DIVIDER_NUM  1u

int32_t psoc6_uart_init(void) {
    const cy_stc_scb_uart_config_t config = {
        .uartMode = CY_SCB_UART_STANDARD,
        .oversample = 8u,
        .dataWidth = 8u,
        .enableMsbFirst = false,
        .stopBits = CY_SCB_UART_STOP_BITS_1,   // enum value 2, not 1 (§8 item 4)
        .parity = CY_SCB_UART_PARITY_NONE,
        .breakWidth = 11u,
    };
    Cy_GPIO_Pin_FastInit(Cy_GPIO_PortToAddr(PSOC6_UART_RX_PORT), PSOC6_UART_RX_PIN, CY_GPIO_DM_HIGHZ, 1u,
                         PSOC6_UART_RX_HSIOM);
    Cy_GPIO_Pin_FastInit(Cy_GPIO_PortToAddr(PSOC6_UART_TX_PORT), PSOC6_UART_TX_PIN, CY_GPIO_DM_STRONG_IN_OFF, 1u,
                         PSOC6_UART_TX_HSIOM);
    if (Cy_SysClk_PeriphAssignDivider(PSOC6_UART_CLOCK, UART_DIVIDER_TYPE, UART_DIVIDER_NUM) != CY_SYSCLK_SUCCESS)
        return PSOC6_ERR_DEVICE;
    if (Cy_SysClk_PeriphSetFracDivider(UART_DIVIDER_TYPE, UART_DIVIDER_NUM, 107u, 16u) != CY_SYSCLK_SUCCESS)
        return PSOC6_ERR_DEVICE;
    if (Cy_SysClk_PeriphEnableDivider(UART_DIVIDER_TYPE, UART_DIVIDER_NUM) != CY_SYSCLK_SUCCESS)
        return PSOC6_ERR_DEVICE;
    if (Cy_SCB_UART_Init(PSOC6_UART_SCB_BASE, &config, &uart_context) != CY_SCB_UART_SUCCESS)
        return PSOC6_ERR_DEVICE;
    Cy_SCB_UART_Enable(PSOC6_UART_SCB_BASE);
    static bool pm_registered;
    if (!pm_registered) {
        if (!Cy_SysPm_RegisterCallback(&uart_pm_callback)) return PSOC6_ERR_DEVICE;
        pm_registered = true;
    }
    return PSOC6_OK;
}

void psoc6_uart_putc(uint8_t byte) {
    while (Cy_SCB_UART_Put(PSOC6_UART_SCB_BASE, byte) == 0u) { }
}

// The SCB is an Active-domain block: bytes still shifting when the system enters deep
// sleep are lost, and a busy UART makes the PDL's UART callback refuse (§4.4, §8 item 9).
void psoc6_uart_flush(void) {
    while (!Cy_SCB_UART_IsTxComplete(PSOC6_UART_SCB_BASE)) { }
}
