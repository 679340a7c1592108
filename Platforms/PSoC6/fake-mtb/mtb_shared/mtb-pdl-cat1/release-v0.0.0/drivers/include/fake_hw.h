// FAKE hardware probe (ours): what Platforms/PSoC6/tests read back from the fake PDL's model.
#pragma once
#include "cy_pdl.h"
extern uint64_t fake_hw_time_us;          // advances in Cy_SysLib_Delay*, counter reads and sleeps
extern uint32_t fake_hw_read_cost_us;     // time one MCWDT counter read takes (default 2 us)
extern uint64_t fake_hw_wake_tick;        // LFCLK tick at which the last sleep ended
uint64_t fake_hw_lf_ticks(void);          // LFCLK ticks since reset (32768 Hz)
void fake_hw_advance_ticks(uint64_t ticks);
// SD host: the last data transfer the host accepted or refused.
extern uint32_t fake_hw_sd_last_block_size, fake_hw_sd_last_blocks, fake_hw_sd_last_adma_len;
extern uint32_t fake_hw_sd_transfers_ok, fake_hw_sd_adma_len_errors;
// SysPm: the registered callbacks in registration order, and a trace of calls.
#define FAKE_HW_MAX_CALLBACKS 8
extern cy_stc_syspm_callback_t *fake_hw_syspm_callbacks[FAKE_HW_MAX_CALLBACKS];
extern uint32_t fake_hw_syspm_count;
extern char fake_hw_syspm_trace[512];
