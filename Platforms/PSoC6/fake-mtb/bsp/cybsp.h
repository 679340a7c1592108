// FAKE BSP header (ours): the one BSP call the shim makes.
#pragma once
#include "cy_pdl.h"
cy_rslt_t cybsp_init(void);
