// FAKE BSP header for CI (not Infineon code): the one call the shim makes.
#pragma once
#include "cy_pdl.h"
cy_rslt_t cybsp_init(void);
