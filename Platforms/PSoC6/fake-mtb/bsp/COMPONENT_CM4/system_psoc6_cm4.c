// FAKE BSP system file (ours): what the real SystemInit does that matters to the link
// (docs/psoc6-platform.md §1.5): clock bookkeeping and the system IPC pipe in shared memory.
#include "cy_pdl.h"
void Cy_IPC_Pipe_Init(uint32_t endpoint_count);
void SystemCoreClockUpdate(void);

void Cy_SystemInitFpuEnable(void) {
#if defined(__ARM_ARCH) && !defined(FAKE_PDL_HOST)
    volatile uint32_t *cpacr = (volatile uint32_t *)0xE000ED88u;   // CP10/CP11 full access
    *cpacr |= 0xFu << 20;
#endif
}

void SystemInit(void) {
    SystemCoreClockUpdate();
    Cy_IPC_Pipe_Init(8u);
}
