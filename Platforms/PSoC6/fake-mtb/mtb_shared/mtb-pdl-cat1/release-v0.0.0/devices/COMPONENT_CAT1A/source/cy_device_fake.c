// FAKE device/IPC layer (ours): as in the real PDL, the system IPC pipe endpoints the CM4's
// SystemInit sets up live in CY_SECTION_SHAREDMEM (".cy_sharedmem"), a section the BSP's
// GCC linker script does not name (docs/psoc6-platform.md §1.5).
#include "cy_pdl.h"

typedef struct { uint32_t address; uint32_t client_count; void *callbacks; } fake_ipc_endpoint_t;
CY_SECTION_SHAREDMEM static fake_ipc_endpoint_t system_pipe_endpoints[8];
uint32_t SystemCoreClock = 8000000u;
volatile uint32_t fake_hw_ipc_data_register;   // the IPC struct the endpoint array is published through

void Cy_IPC_Pipe_Init(uint32_t endpoint_count) {
    for (uint32_t i = 0; i < endpoint_count && i < 8u; i++) system_pipe_endpoints[i].address = 0x40230000u + 32u * i;
    fake_hw_ipc_data_register = (uint32_t)(uintptr_t)system_pipe_endpoints;   // the other core finds it here
}

void SystemCoreClockUpdate(void) { SystemCoreClock = 100000000u; }
