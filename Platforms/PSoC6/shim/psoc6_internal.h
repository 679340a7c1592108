// Shared by the shim's .c files: the PDL (and, on UDB-SDIO kits, the HAL), the kit table
// and the Swift-facing API. Built only by Platforms/PSoC6/psoc6.mk against the user's
// ModusToolbox install, or against Platforms/PSoC6/test-stubs in CI (compile-only).
#pragma once
#include "cy_pdl.h"
#include "cybsp.h"
#if defined(CYHAL_UDB_SDIO)
#include "cyhal.h"
#endif
#include "psoc6_kits.h"
#include "psoc6_shim.h"

// Deep-sleep callback orders (cy_stc_syspm_callback_t.order). SysPm runs DEEPSLEEP callbacks
// in ascending order for CHECK_READY and BEFORE_TRANSITION and in reverse after wake-up; the
// BSP registers the SysClk callback at 255 so that it is last before entry and first after
// (clocks back before any peripheral callback runs). Ours stay below it: the SD host first
// (it refuses while a transfer runs), then the debug UART (it refuses while TX is busy).
#define PSOC6_PM_ORDER_SDHOST 0u
#define PSOC6_PM_ORDER_UART   1u

// Each part's one-time setup, called by psoc6_board_init in this order.
int32_t psoc6_uart_init(void);
int32_t psoc6_lptimer_init(void);
int32_t psoc6_gpio_init(void);

// The MCWDT low-power timer (psoc6_lptimer.c): LFCLK ticks since init, 64-bit.
uint64_t psoc6_lptimer_ticks(void);
// The MCWDT interrupt handler (the shim tests call it as the NVIC would).
void psoc6_lptimer_isr(void);
#define PSOC6_LFCLK_HZ 32768u
