// Cortex-M4 startup for QEMU mps2-an386: vector table, reset, .data/.bss init.
// See mps2-an386.ld for the memory map and the symbols used here.
#include "QEMUSupport.h"

#if defined(__arm__) && !defined(__linux__)

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern int main(int argc, char **argv);   // SwiftPM links --defsym main=<Module>_main
void qemu_irq_entry(void);                // board.c

void Reset_Handler(void);
static void fault(const char *what, int code) {
    for (const char *p = what; *p; p++) qemu_uart_putc((uint8_t)*p);
    qemu_exit(code);
}
void NMI_Handler(void) { fault("NMI\n", 97); }
void HardFault_Handler(void) { fault("HardFault\n", 99); }
void MemManage_Handler(void) { fault("MemManage\n", 99); }
void BusFault_Handler(void) { fault("BusFault\n", 99); }
void UsageFault_Handler(void) { fault("UsageFault\n", 99); }
void Default_Handler(void) { fault("unexpected exception\n", 98); }
void SVC_Handler(void) __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler(void) __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler(void) __attribute__((weak, alias("Default_Handler")));

__attribute__((section(".isr_vector"), used))
void (*const vector_table[16 + 32])(void) = {
    (void (*)(void))&_estack,  //  0 0x00 initial main stack pointer
    Reset_Handler,             //  1 0x04 reset
    NMI_Handler,               //  2 0x08 NMI
    HardFault_Handler,         //  3 0x0c HardFault
    MemManage_Handler,         //  4 0x10 MemManage
    BusFault_Handler,          //  5 0x14 BusFault
    UsageFault_Handler,        //  6 0x18 UsageFault
    0, 0, 0, 0,                //  7-10   reserved
    SVC_Handler,               // 11 0x2c SVCall
    Default_Handler,           // 12 0x30 DebugMonitor
    0,                         // 13      reserved
    PendSV_Handler,            // 14 0x38 PendSV
    SysTick_Handler,           // 15 0x3c SysTick (unused: the clock is DUALTIMER)
    [16 ... 47] = qemu_irq_entry,   // external IRQs 0..31 (IRQ n at slot 16 + n)
};

void Reset_Handler(void) {
    // FPU on (CPACR CP10/CP11 full access): Swift Float code uses VFP instructions.
    *(volatile uint32_t *)0xE000ED88 |= (0xFu << 20);
    __asm volatile("dsb\n isb");
    for (uint32_t *s = &_sidata, *d = &_sdata; d < &_edata;) *d++ = *s++;
    for (uint32_t *d = &_sbss; d < &_ebss;) *d++ = 0;
    qemu_stack_paint();
    qemu_exit(main(0, 0));
}

#endif
