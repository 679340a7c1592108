// Wi-Fi firmware, CLM and NVRAM text linked into flash by psoc6.mk (objcopy -I binary of
// fw.bin / clm.bin / nvram.txt gives _binary_<name>_start/_end). Weak references: an image
// that was not linked in reads as absent (NULL, 0) instead of failing the link.
#include "psoc6_internal.h"

extern const uint8_t _binary_fw_bin_start[] __attribute__((weak));
extern const uint8_t _binary_fw_bin_end[] __attribute__((weak));
extern const uint8_t _binary_clm_bin_start[] __attribute__((weak));
extern const uint8_t _binary_clm_bin_end[] __attribute__((weak));
extern const uint8_t _binary_nvram_txt_start[] __attribute__((weak));
extern const uint8_t _binary_nvram_txt_end[] __attribute__((weak));

const uint8_t *psoc6_resource(int32_t which, uint32_t *length) {
    const uint8_t *start = NULL, *end = NULL;
    switch (which) {
    case PSOC6_RESOURCE_FIRMWARE: start = _binary_fw_bin_start; end = _binary_fw_bin_end; break;
    case PSOC6_RESOURCE_CLM: start = _binary_clm_bin_start; end = _binary_clm_bin_end; break;
    case PSOC6_RESOURCE_NVRAM: start = _binary_nvram_txt_start; end = _binary_nvram_txt_end; break;
    default: break;
    }
    if (start == NULL || end == NULL || end < start) { *length = 0; return NULL; }
    *length = (uint32_t)(end - start);
    return start;
}
