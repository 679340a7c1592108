// Board bring-up, interrupt masking, delays, WL_REG_ON and the host-wake interrupt.
// Sources: docs/psoc6-platform.md §1.6 (cybsp_init), §3.1 (WL_REG_ON drive mode), §3.2 (host-
// wake as WHD configures it, and its PDL-only equivalent), §8 items 2, 8.
#include "psoc6_internal.h"

const char *psoc6_kit_name(void) { return PSOC6_KIT_NAME; }

// The PDL's Cy_SysLib_GetUniqueId (cy_syslib.c): the die's lot, wafer, X/Y, sort and minor numbers.
uint64_t psoc6_unique_id(void) { return Cy_SysLib_GetUniqueId(); }

int32_t psoc6_board_init(void) {
    // Clocks (FLL 100 MHz, LFCLK = WCO), power, and the SysClk deep-sleep callback; needs
    // CORE_NAME_CM4_0 + CY_USING_PREBUILT_CM0P_IMAGE or clocks stay at 8 MHz (§8 item 2).
    if (cybsp_init() != CY_RSLT_SUCCESS) return PSOC6_ERR_DEVICE;
    __enable_irq();
    int32_t r = psoc6_uart_init();
    if (r == PSOC6_OK) r = psoc6_lptimer_init();
    if (r == PSOC6_OK) r = psoc6_gpio_init();
    return r;
}

uint32_t psoc6_irq_mask(void) { return Cy_SysLib_EnterCriticalSection(); }
void psoc6_irq_restore(uint32_t state) { Cy_SysLib_ExitCriticalSection(state); }

void psoc6_delay_us(uint32_t us) {
    if (us >= 1000u) { Cy_SysLib_Delay(us / 1000u); us %= 1000u; }
    if (us) Cy_SysLib_DelayUs((uint16_t)us);
}

// ---- WL_REG_ON ------------------------------------------------------------------------

void psoc6_regon_write(int32_t on) {
    Cy_GPIO_Write(Cy_GPIO_PortToAddr(PSOC6_REGON_PORT), PSOC6_REGON_PIN, on ? 1u : 0u);
}

// ---- host-wake --------------------------------------------------------------------------

static volatile uint32_t hostwake_edges;

// The port's interrupt (one IRQ per port, IRQn = port number on CAT1A, §3.2). Only our
// pin is unmasked; every pending pin flag of the port is cleared, as the HAL does, so no
// pending interrupt blocks deep sleep (§3.2 "All pending interrupts must be cleared").
static void hostwake_isr(void) {
    GPIO_PRT_Type *port = Cy_GPIO_PortToAddr(PSOC6_HOSTWAKE_PORT);
    if (Cy_GPIO_GetInterruptStatusMasked(port, PSOC6_HOSTWAKE_PIN)) hostwake_edges++;
    for (uint32_t pin = 0; pin < 8u; pin++) Cy_GPIO_ClearInterrupt(port, pin);
}

int32_t psoc6_hostwake_take_edge(void) {
    uint32_t s = Cy_SysLib_EnterCriticalSection();
    uint32_t n = hostwake_edges;
    hostwake_edges = 0;
    Cy_SysLib_ExitCriticalSection(s);
    return n ? 1 : 0;
}

int32_t psoc6_hostwake_asserted(void) {
    uint32_t level = Cy_GPIO_Read(Cy_GPIO_PortToAddr(PSOC6_HOSTWAKE_PORT), PSOC6_HOSTWAKE_PIN);
    return (level != 0u) == (PSOC6_HOSTWAKE_RISING != 0) ? 1 : 0;
}

int32_t psoc6_hostwake_rising(void) { return PSOC6_HOSTWAKE_RISING; }

int32_t psoc6_gpio_init(void) {
    // WL_REG_ON: strong low / resistive pull-up for "1", input buffer off, initially low
    // (the HAL's CYHAL_GPIO_DRIVE_PULLUP output = CY_GPIO_DM_PULLUP_IN_OFF, §3.1).
    Cy_GPIO_Pin_FastInit(Cy_GPIO_PortToAddr(PSOC6_REGON_PORT), PSOC6_REGON_PIN,
                         CY_GPIO_DM_PULLUP_IN_OFF, 0u, HSIOM_SEL_GPIO);

    // Host-wake: input buffer ON (CY_GPIO_DM_HIGHZ; the design.modus "analog" setting would
    // block interrupts, §8 item 8); falling-edge kits add a pull-up and idle high.
    GPIO_PRT_Type *port = Cy_GPIO_PortToAddr(PSOC6_HOSTWAKE_PORT);
#if PSOC6_HOSTWAKE_RISING
    Cy_GPIO_Pin_FastInit(port, PSOC6_HOSTWAKE_PIN, CY_GPIO_DM_HIGHZ, 0u, HSIOM_SEL_GPIO);
    Cy_GPIO_SetInterruptEdge(port, PSOC6_HOSTWAKE_PIN, CY_GPIO_INTR_RISING);
#else
    Cy_GPIO_Pin_FastInit(port, PSOC6_HOSTWAKE_PIN, CY_GPIO_DM_PULLUP, 1u, HSIOM_SEL_GPIO);
    Cy_GPIO_SetInterruptEdge(port, PSOC6_HOSTWAKE_PIN, CY_GPIO_INTR_FALLING);
#endif
    Cy_GPIO_ClearInterrupt(port, PSOC6_HOSTWAKE_PIN);
    Cy_GPIO_SetInterruptMask(port, PSOC6_HOSTWAKE_PIN, 1u);
    // Priority 2 = WHD's CY_WIFI_OOB_INTR_PRIORITY; GPIO port IRQs are Deep-Sleep wake sources.
    const cy_stc_sysint_t irq = {
        .intrSrc = (IRQn_Type)((int)ioss_interrupts_gpio_0_IRQn + PSOC6_HOSTWAKE_PORT),
        .intrPriority = 2u,
    };
    if (Cy_SysInt_Init(&irq, hostwake_isr) != CY_SYSINT_SUCCESS) return PSOC6_ERR_DEVICE;
    NVIC_ClearPendingIRQ(irq.intrSrc);
    NVIC_EnableIRQ(irq.intrSrc);
    return PSOC6_OK;
}
