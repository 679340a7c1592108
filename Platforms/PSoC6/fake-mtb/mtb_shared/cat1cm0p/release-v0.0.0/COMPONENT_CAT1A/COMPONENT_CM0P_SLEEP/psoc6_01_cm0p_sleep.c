/* FAKE prebuilt CM0+ image (ours, not Infineon's binary): the real file is a const array of
 * 6580 bytes in section .cy_m0p_image, guarded by the die macro, so only one of the files
 * yields data (docs/psoc6-platform.md §1.2). Ours has the same size and placement and a
 * CM0+ vector table head (initial SP = top of the 8 KB CM0+ RAM, reset handler in its image). */
#include "cy_pdl.h"
#if defined(CY_DEVICE_PSOC6ABLE2)
const uint8_t cy_m0p_image[6580] __attribute__((section(".cy_m0p_image"), used)) = {
    0x00, 0x20, 0x00, 0x08,  0x41, 0x01, 0x00, 0x10,
};
#endif
