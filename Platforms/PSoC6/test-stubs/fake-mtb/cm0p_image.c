/* FAKE prebuilt CM0+ image (ours): 16 zero bytes in the section the BSP script keeps. */
#include <stdint.h>
const uint8_t cy_m0p_image[16] __attribute__((section(".cy_m0p_image"), used)) = { 0 };
