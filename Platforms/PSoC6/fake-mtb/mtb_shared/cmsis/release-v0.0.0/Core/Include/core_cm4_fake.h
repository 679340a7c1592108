// FAKE CMSIS core (ours): as in real CMSIS, the NVIC and PRIMASK helpers are static inline
// register accesses, never link-time symbols. Here they touch fake_hw_* state instead of the
// System Control Space.
#pragma once
#include <stdint.h>
extern volatile uint32_t fake_hw_nvic_enabled[8], fake_hw_nvic_pending[8], fake_hw_primask;
static inline void NVIC_EnableIRQ(int irq) { fake_hw_nvic_enabled[(unsigned)irq >> 5] |= 1u << ((unsigned)irq & 31u); }
static inline void NVIC_DisableIRQ(int irq) { fake_hw_nvic_enabled[(unsigned)irq >> 5] &= ~(1u << ((unsigned)irq & 31u)); }
static inline void NVIC_ClearPendingIRQ(int irq) { fake_hw_nvic_pending[(unsigned)irq >> 5] &= ~(1u << ((unsigned)irq & 31u)); }
static inline void __enable_irq(void) { fake_hw_primask = 0u; }
static inline void __disable_irq(void) { fake_hw_primask = 1u; }
