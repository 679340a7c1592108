// FAKE BSP (ours): cybsp_init as docs/psoc6-platform.md §1.6 describes it, minus the generated
// clock code: it registers the SysClk deep-sleep callback with order 255 (last before entry,
// first after wake-up).
#include "cybsp.h"

static cy_stc_syspm_callback_params_t sysclk_params = { NULL, NULL };
static cy_stc_syspm_callback_t sysclk_callback = {
    .callback = Cy_SysClk_DeepSleepCallback, .type = CY_SYSPM_DEEPSLEEP, .skipMode = 0u,
    .callbackParams = &sysclk_params, .prevItm = NULL, .nextItm = NULL, .order = 255u,
};

cy_rslt_t cybsp_init(void) {
    return Cy_SysPm_RegisterCallback(&sysclk_callback) ? CY_RSLT_SUCCESS : 1u;
}
