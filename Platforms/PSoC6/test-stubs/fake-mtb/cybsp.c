/* FAKE BSP (ours): the one BSP call the shim makes. */
#include "cybsp.h"
cy_rslt_t cybsp_init(void) { return CY_RSLT_SUCCESS; }
