// FAKE core-lib (ours, not Infineon code): the result type every PDL/HAL call returns.
#pragma once
#include <stdint.h>
typedef uint32_t cy_rslt_t;
#define CY_RSLT_SUCCESS ((cy_rslt_t)0u)
