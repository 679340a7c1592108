// FAKE mtb-pdl-cat1 (ours, NOT Infineon code) for CI without ModusToolbox. It declares what
// Platforms/PSoC6/shim uses, with the signatures docs/psoc6-platform.md gives (§1.4, §2.4, §3.2,
// §4.1, §4.2, §4.4, §5), and it keeps the real PDL's split between link-time functions and
// header-only code: what the real headers define as __STATIC_INLINE (GPIO pin/interrupt
// accessors, the SD host clock and interrupt register accessors, the MCWDT counter/match/
// interrupt accessors, Cy_SCB_UART_Enable, the CMSIS NVIC helpers) is static inline here too,
// so an object that calls it has no undefined symbol for it. The inline bodies touch fake_hw_*
// state (ours) where the real ones touch registers. Enumerator values are ours unless the
// reference states them. The behaviour behind the functions (drivers/source/fake_pdl.c) is a
// small model of the hardware the shim tests drive (Platforms/PSoC6/tests).
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "cy_result.h"
#include "core_cm4_fake.h"

// ---- device: the part macro psoc6.mk passes selects the die, as the device headers do -----
#if defined(CY8C624ABZI_S2D44) || defined(CY8C624AFNI_S2D43) || defined(CYB0644ABZI_S2D44)
#  define CY_DEVICE_PSOC6A2M 1
#elif defined(CY8C6247BZI_D54) || defined(CY8C6247FDI_D52)
#  define CY_DEVICE_PSOC6ABLE2 1
#elif defined(CY8C6245LQI_S3D72)
#  define CY_DEVICE_PSOC6A512K 1
#endif
// The real register-access macros index through this run-time device descriptor.
typedef struct { uint32_t fake_ip_versions; } cy_stc_device_t;
extern const cy_stc_device_t *cy_device;
#define CY_SECTION_SHAREDMEM __attribute__((section(".cy_sharedmem")))
#define CY_SECTION_RAMFUNC_BEGIN __attribute__((section(".cy_ramfunc")))

// ---- CMSIS / device -------------------------------------------------------------------
typedef enum {
    ioss_interrupts_gpio_0_IRQn = 0,       // ports 0..14 = IRQ 0..14 (§3.2)
    srss_interrupt_mcwdt_0_IRQn = 19,
    srss_interrupt_mcwdt_1_IRQn = 20,
    sdhc_0_interrupt_general_IRQn = 165,
} IRQn_Type;

// ---- SysLib (functions: cy_syslib.c / cy_syslib_gcc.S) --------------------------------
uint32_t Cy_SysLib_EnterCriticalSection(void);
void Cy_SysLib_ExitCriticalSection(uint32_t savedIntrStatus);
void Cy_SysLib_Delay(uint32_t milliseconds);
void Cy_SysLib_DelayUs(uint16_t microseconds);
// The die's 64-bit unique id (lot, wafer, X/Y, sort, minor), read from eFuse/SFLASH.
uint64_t Cy_SysLib_GetUniqueId(void);

// ---- GPIO / HSIOM -------------------------------------------------------------------
typedef struct { volatile uint32_t out, in, intr, intr_mask, intr_edge[8]; } GPIO_PRT_Type;   // fields ours
extern GPIO_PRT_Type fake_hw_gpio[15];
typedef enum {
    HSIOM_SEL_GPIO = 0,
    P0_2_SCB0_UART_RX = 18, P0_3_SCB0_UART_TX = 18 + 0x100,
    P5_0_SCB5_UART_RX = 18 + 0x200, P5_1_SCB5_UART_TX = 18 + 0x300,
    P5_4_SCB10_UART_RX = 18 + 0x400, P5_5_SCB10_UART_TX = 18 + 0x500,
    P10_0_SCB1_UART_RX = 18 + 0x600, P10_1_SCB1_UART_TX = 18 + 0x700,
    P2_0_SDHC0_CARD_DAT_3TO00 = 26, P2_1_SDHC0_CARD_DAT_3TO01 = 26 + 0x100,
    P2_2_SDHC0_CARD_DAT_3TO02 = 26 + 0x200, P2_3_SDHC0_CARD_DAT_3TO03 = 26 + 0x300,
    P2_4_SDHC0_CARD_CMD = 26 + 0x400, P2_5_SDHC0_CLK_CARD = 26 + 0x500,
} en_hsiom_sel_t;
#define CY_GPIO_DM_ANALOG         0x00u
#define CY_GPIO_DM_PULLUP_IN_OFF  0x02u
#define CY_GPIO_DM_STRONG_IN_OFF  0x06u
#define CY_GPIO_DM_HIGHZ          0x08u
#define CY_GPIO_DM_PULLUP         0x0Au
#define CY_GPIO_DM_PULLDOWN       0x0Bu
#define CY_GPIO_DM_STRONG         0x0Eu
#define CY_GPIO_INTR_RISING       0x01u
#define CY_GPIO_INTR_FALLING      0x02u
#define CY_GPIO_INTR_BOTH         0x03u
void Cy_GPIO_Pin_FastInit(GPIO_PRT_Type *base, uint32_t pinNum, uint32_t driveMode, uint32_t outVal,
                          en_hsiom_sel_t hsiom);
static inline GPIO_PRT_Type *Cy_GPIO_PortToAddr(uint32_t portNum) { return &fake_hw_gpio[portNum % 15u]; }
static inline void Cy_GPIO_Write(GPIO_PRT_Type *base, uint32_t pinNum, uint32_t value) {
    base->out = (base->out & ~(1u << pinNum)) | ((value & 1u) << pinNum);
}
static inline uint32_t Cy_GPIO_Read(GPIO_PRT_Type const *base, uint32_t pinNum) { return (base->in >> pinNum) & 1u; }
static inline void Cy_GPIO_SetInterruptEdge(GPIO_PRT_Type *base, uint32_t pinNum, uint32_t value) {
    base->intr_edge[pinNum & 7u] = value;
}
static inline void Cy_GPIO_SetInterruptMask(GPIO_PRT_Type *base, uint32_t pinNum, uint32_t value) {
    base->intr_mask = (base->intr_mask & ~(1u << pinNum)) | ((value & 1u) << pinNum);
}
static inline uint32_t Cy_GPIO_GetInterruptStatusMasked(GPIO_PRT_Type const *base, uint32_t pinNum) {
    return (base->intr & base->intr_mask) >> pinNum & 1u;
}
static inline void Cy_GPIO_ClearInterrupt(GPIO_PRT_Type *base, uint32_t pinNum) { base->intr &= ~(1u << pinNum); }

// ---- SysInt ---------------------------------------------------------------------------
typedef void (*cy_israddress)(void);
typedef struct { IRQn_Type intrSrc; uint32_t intrPriority; } cy_stc_sysint_t;
typedef enum { CY_SYSINT_SUCCESS = 0, CY_SYSINT_BAD_PARAM = 1 } cy_en_sysint_status_t;
cy_en_sysint_status_t Cy_SysInt_Init(const cy_stc_sysint_t *config, cy_israddress userIsr);

// ---- SysClk -----------------------------------------------------------------------------
typedef enum { CY_SYSCLK_SUCCESS = 0, CY_SYSCLK_BAD_PARAM = 1 } cy_en_sysclk_status_t;
typedef enum { CY_SYSCLK_DIV_8_BIT = 0, CY_SYSCLK_DIV_16_BIT = 1, CY_SYSCLK_DIV_16_5_BIT = 2,
               CY_SYSCLK_DIV_24_5_BIT = 3 } cy_en_divider_types_t;
typedef enum { PCLK_SCB0_CLOCK = 0, PCLK_SCB1_CLOCK = 1, PCLK_SCB5_CLOCK = 5, PCLK_SCB10_CLOCK = 0x0A } en_clk_dst_t;
typedef enum { CY_SYSCLK_CLKHF_IN_CLKPATH0 = 0 } cy_en_clkhf_in_sources_t;
typedef enum { CY_SYSCLK_CLKHF_NO_DIVIDE = 0 } cy_en_clkhf_dividers_t;
cy_en_sysclk_status_t Cy_SysClk_PeriphAssignDivider(en_clk_dst_t ipBlock, cy_en_divider_types_t dividerType,
                                                    uint32_t dividerNum);
cy_en_sysclk_status_t Cy_SysClk_PeriphSetFracDivider(cy_en_divider_types_t dividerType, uint32_t dividerNum,
                                                     uint32_t dividerIntValue, uint32_t dividerFracValue);
cy_en_sysclk_status_t Cy_SysClk_PeriphEnableDivider(cy_en_divider_types_t dividerType, uint32_t dividerNum);
cy_en_sysclk_status_t Cy_SysClk_ClkHfSetSource(uint32_t clkHf, cy_en_clkhf_in_sources_t source);
cy_en_sysclk_status_t Cy_SysClk_ClkHfSetDivider(uint32_t clkHf, cy_en_clkhf_dividers_t divider);
cy_en_sysclk_status_t Cy_SysClk_ClkHfEnable(uint32_t clkHf);

// ---- SysPm (§4.1) ------------------------------------------------------------------------
typedef enum { CY_SYSPM_SUCCESS = 0, CY_SYSPM_FAIL = 1 } cy_en_syspm_status_t;
typedef enum { CY_SYSPM_WAIT_FOR_INTERRUPT = 0, CY_SYSPM_WAIT_FOR_EVENT = 1 } cy_en_syspm_waitfor_t;
typedef enum { CY_SYSPM_SLEEP = 0, CY_SYSPM_DEEPSLEEP = 1, CY_SYSPM_HIBERNATE = 2, CY_SYSPM_LP = 3,
               CY_SYSPM_ULP = 4 } cy_en_syspm_callback_type_t;
typedef enum { CY_SYSPM_CHECK_READY = 0x01, CY_SYSPM_CHECK_FAIL = 0x02, CY_SYSPM_BEFORE_TRANSITION = 0x04,
               CY_SYSPM_AFTER_TRANSITION = 0x08 } cy_en_syspm_callback_mode_t;
typedef struct { void *base; void *context; } cy_stc_syspm_callback_params_t;
typedef cy_en_syspm_status_t (*Cy_SysPmCallback)(cy_stc_syspm_callback_params_t *callbackParams,
                                                 cy_en_syspm_callback_mode_t mode);
typedef struct cy_stc_syspm_callback {
    Cy_SysPmCallback callback;
    cy_en_syspm_callback_type_t type;
    uint32_t skipMode;
    cy_stc_syspm_callback_params_t *callbackParams;
    struct cy_stc_syspm_callback *prevItm;
    struct cy_stc_syspm_callback *nextItm;
    uint8_t order;
} cy_stc_syspm_callback_t;
bool Cy_SysPm_RegisterCallback(cy_stc_syspm_callback_t *handler);
cy_en_syspm_status_t Cy_SysPm_CpuEnterDeepSleep(cy_en_syspm_waitfor_t waitFor);
cy_en_syspm_status_t Cy_SysPm_CpuEnterSleep(cy_en_syspm_waitfor_t waitFor);
cy_en_syspm_status_t Cy_SysClk_DeepSleepCallback(cy_stc_syspm_callback_params_t *callbackParams,
                                                 cy_en_syspm_callback_mode_t mode);

// ---- MCWDT (CAT1A, §4.2) ------------------------------------------------------------------
typedef struct { volatile uint32_t match[2], intr, intr_mask, enabled; } MCWDT_STRUCT_Type;   // fields ours
extern MCWDT_STRUCT_Type fake_hw_mcwdt0;
#define MCWDT_STRUCT0 (&fake_hw_mcwdt0)
typedef enum { CY_MCWDT_SUCCESS = 0, CY_MCWDT_BAD_PARAM = 1 } cy_en_mcwdt_status_t;
typedef enum { CY_MCWDT_COUNTER0 = 0, CY_MCWDT_COUNTER1 = 1, CY_MCWDT_COUNTER2 = 2 } cy_en_mcwdtctr_t;
#define CY_MCWDT_CTR0 0x1u
#define CY_MCWDT_CTR1 0x2u
#define CY_MCWDT_CTR2 0x4u
#define CY_MCWDT_MODE_NONE 0u
#define CY_MCWDT_MODE_INT 1u
typedef struct {
    uint16_t c0Match; uint16_t c1Match;
    uint32_t c0Mode; uint32_t c1Mode; uint32_t c2ToggleBit; uint32_t c2Mode;
    bool c0ClearOnMatch; bool c1ClearOnMatch; bool c0c1Cascade; bool c1c2Cascade;
} cy_stc_mcwdt_config_t;
cy_en_mcwdt_status_t Cy_MCWDT_Init(MCWDT_STRUCT_Type *base, cy_stc_mcwdt_config_t const *config);
// The counters: a read of the fake's free-running LFCLK model (the real one reads CNTLOW/CNTHIGH).
uint32_t fake_hw_mcwdt_count(MCWDT_STRUCT_Type const *base, cy_en_mcwdtctr_t counter);
void fake_hw_mcwdt_set_match(MCWDT_STRUCT_Type *base, cy_en_mcwdtctr_t counter, uint32_t match);
static inline void Cy_MCWDT_Enable(MCWDT_STRUCT_Type *base, uint32_t counters, uint16_t waitUs) {
    base->enabled |= counters; Cy_SysLib_DelayUs(waitUs);
}
static inline void Cy_MCWDT_SetMatch(MCWDT_STRUCT_Type *base, cy_en_mcwdtctr_t counter, uint32_t match, uint16_t waitUs) {
    fake_hw_mcwdt_set_match(base, counter, match & 0xFFFFu); Cy_SysLib_DelayUs(waitUs);
}
static inline uint32_t Cy_MCWDT_GetMatch(MCWDT_STRUCT_Type const *base, cy_en_mcwdtctr_t counter) {
    return base->match[counter & 1u];
}
static inline uint32_t Cy_MCWDT_GetCount(MCWDT_STRUCT_Type const *base, cy_en_mcwdtctr_t counter) {
    return fake_hw_mcwdt_count(base, counter);
}
static inline void Cy_MCWDT_ClearInterrupt(MCWDT_STRUCT_Type *base, uint32_t counters) { base->intr &= ~counters; }
static inline void Cy_MCWDT_SetInterruptMask(MCWDT_STRUCT_Type *base, uint32_t counters) { base->intr_mask = counters; }

// ---- SCB UART (§5, §4.4) --------------------------------------------------------------------
typedef struct { volatile uint32_t enabled, tx_busy; } CySCB_Type;   // fields ours
extern CySCB_Type fake_hw_scb[11];
#define SCB0 (&fake_hw_scb[0])
#define SCB1 (&fake_hw_scb[1])
#define SCB5 (&fake_hw_scb[5])
#define SCB10 (&fake_hw_scb[10])
typedef enum { CY_SCB_UART_SUCCESS = 0, CY_SCB_UART_BAD_PARAM = 1 } cy_en_scb_uart_status_t;
typedef enum { CY_SCB_UART_STANDARD = 0, CY_SCB_UART_SMARTCARD = 1, CY_SCB_UART_IRDA = 2 } cy_en_scb_uart_mode_t;
typedef enum { CY_SCB_UART_STOP_BITS_1 = 2, CY_SCB_UART_STOP_BITS_2 = 4 } cy_en_scb_uart_stop_bits_t;   // §5: value 2
typedef enum { CY_SCB_UART_PARITY_NONE = 0, CY_SCB_UART_PARITY_EVEN = 2, CY_SCB_UART_PARITY_ODD = 3 } cy_en_scb_uart_parity_t;
typedef struct {
    cy_en_scb_uart_mode_t uartMode; bool enableMutliProcessorMode; bool smartCardRetryOnNack;
    bool irdaInvertRx; bool irdaEnableLowPowerReceiver; uint32_t oversample; bool enableMsbFirst;
    uint32_t dataWidth; cy_en_scb_uart_parity_t parity; cy_en_scb_uart_stop_bits_t stopBits;
    bool enableInputFilter; uint32_t breakWidth; bool dropOnFrameError; bool dropOnParityError;
    uint32_t receiverAddress; uint32_t receiverAddressMask; bool acceptAddrInFifo; bool enableCts;
    uint32_t ctsPolarity; uint32_t rtsRxFifoLevel; uint32_t rtsPolarity; uint32_t rxFifoTriggerLevel;
    uint32_t rxFifoIntEnableMask; uint32_t txFifoTriggerLevel; uint32_t txFifoIntEnableMask;
} cy_stc_scb_uart_config_t;
typedef struct { uint32_t reserved[16]; } cy_stc_scb_uart_context_t;
cy_en_scb_uart_status_t Cy_SCB_UART_Init(CySCB_Type *base, cy_stc_scb_uart_config_t const *config,
                                         cy_stc_scb_uart_context_t *context);
static inline void Cy_SCB_UART_Enable(CySCB_Type *base) { base->enabled = 1u; }
uint32_t Cy_SCB_UART_Put(CySCB_Type *base, uint32_t data);
bool Cy_SCB_UART_IsTxComplete(CySCB_Type const *base);
// callbackParams->base = the SCB, ->context = the context given to Cy_SCB_UART_Init.
cy_en_syspm_status_t Cy_SCB_UART_DeepSleepCallback(cy_stc_syspm_callback_params_t *callbackParams,
                                                   cy_en_syspm_callback_mode_t mode);

// ---- SD host (§2.3, §2.4) ---------------------------------------------------------------------
typedef struct {   // fields ours
    volatile uint32_t normal_status, error_status, normal_enable, error_enable, normal_mask, error_mask;
    volatile uint32_t clock_on, adma_error;
} SDHC_Type;
extern SDHC_Type fake_hw_sdhc0;
#define SDHC0 (&fake_hw_sdhc0)
typedef enum { CY_SD_HOST_SUCCESS = 0, CY_SD_HOST_ERROR = 1 } cy_en_sd_host_status_t;
typedef enum { CY_SD_HOST_DMA_SDMA = 0, CY_SD_HOST_DMA_ADMA2 = 2 } cy_en_sd_host_dma_type_t;
typedef enum { CY_SD_HOST_SD = 0, CY_SD_HOST_SDIO = 1 } cy_en_sd_host_card_type_t;
typedef enum { CY_SD_HOST_RESPONSE_NONE = 0, CY_SD_HOST_RESPONSE_LEN_136 = 1, CY_SD_HOST_RESPONSE_LEN_48 = 2,
               CY_SD_HOST_RESPONSE_LEN_48B = 3 } cy_en_sd_host_response_type_t;
typedef enum { CY_SD_HOST_CMD_NORMAL = 0, CY_SD_HOST_CMD_SUSPEND = 1, CY_SD_HOST_CMD_RESUME = 2,
               CY_SD_HOST_CMD_ABORT = 3 } cy_en_sd_host_cmd_type_t;
typedef enum { CY_SD_HOST_AUTO_CMD_NONE = 0 } cy_en_sd_host_auto_cmd_t;
typedef enum { CY_SD_HOST_BUS_WIDTH_1_BIT = 0, CY_SD_HOST_BUS_WIDTH_4_BIT = 1 } cy_en_sd_host_bus_width_t;
typedef enum { CY_SD_HOST_BUS_SPEED_DEFAULT = 0, CY_SD_HOST_BUS_SPEED_HIGHSPEED = 1 } cy_en_sd_host_bus_speed_mode_t;
typedef enum { CY_SD_HOST_RESET_DATALINE = 0, CY_SD_HOST_RESET_CMD_LINE = 1, CY_SD_HOST_RESET_ALL = 2 } cy_en_sd_host_reset_t;
#define CY_SD_HOST_CMD_COMPLETE  0x0001u
#define CY_SD_HOST_XFER_COMPLETE 0x0002u
#define CY_SD_HOST_CARD_INTERRUPT 0x0100u
#define CY_SD_HOST_ERR_INTERRUPT 0x8000u
#define CY_SD_HOST_ADMA_ERROR    0x0200u    // error status: ADMA error (value ours)
#define CY_SD_HOST_ADMA_LEN_ERR  0x04u      // ADMA error status: "ADMA Length Mismatch" (value ours)
typedef struct { bool emmc; cy_en_sd_host_dma_type_t dmaType; bool enableLedControl; } cy_stc_sd_host_init_config_t;
typedef struct {
    cy_en_sd_host_dma_type_t dmaType; uint32_t cardCapacity; uint32_t maxSectorNum; uint32_t RCA;
    cy_en_sd_host_card_type_t cardType; uint32_t csd[4]; uint32_t busWidth;
} cy_stc_sd_host_context_t;
typedef struct {
    uint32_t commandIndex; uint32_t commandArgument; bool enableCrcCheck; bool enableAutoResponseErrorCheck;
    cy_en_sd_host_response_type_t respType; bool enableIdxCheck; bool dataPresent; cy_en_sd_host_cmd_type_t cmdType;
} cy_stc_sd_host_cmd_config_t;
typedef struct {
    uint32_t blockSize; uint32_t numberOfBlock; bool enableDma; cy_en_sd_host_auto_cmd_t autoCommand; bool read;
    uint32_t *data; uint32_t dataTimeout; bool enableIntAtBlockGap; bool enReliableWrite;
} cy_stc_sd_host_data_config_t;
void Cy_SD_Host_Enable(SDHC_Type *base);
cy_en_sd_host_status_t Cy_SD_Host_Init(SDHC_Type *base, const cy_stc_sd_host_init_config_t *config,
                                       cy_stc_sd_host_context_t *context);
cy_en_sd_host_status_t Cy_SD_Host_SetSdClkDiv(SDHC_Type *base, uint16_t clkDiv);
cy_en_sd_host_status_t Cy_SD_Host_SetHostBusWidth(SDHC_Type *base, cy_en_sd_host_bus_width_t width);
cy_en_sd_host_status_t Cy_SD_Host_SetHostSpeedMode(SDHC_Type *base, cy_en_sd_host_bus_speed_mode_t speedMode);
cy_en_sd_host_status_t Cy_SD_Host_SendCommand(SDHC_Type *base, cy_stc_sd_host_cmd_config_t const *config);
cy_en_sd_host_status_t Cy_SD_Host_GetResponse(SDHC_Type const *base, uint32_t *responsePtr, bool largeResponse);
cy_en_sd_host_status_t Cy_SD_Host_InitDataTransfer(SDHC_Type *base, cy_stc_sd_host_data_config_t const *dataConfig);
void Cy_SD_Host_SoftwareReset(SDHC_Type *base, cy_en_sd_host_reset_t reset);
// callbackParams->base = the SDHC, ->context = the context given to Cy_SD_Host_Init.
cy_en_syspm_status_t Cy_SD_Host_DeepSleepCallback(cy_stc_syspm_callback_params_t *callbackParams,
                                                  cy_en_syspm_callback_mode_t mode);
static inline void Cy_SD_Host_EnableSdClk(SDHC_Type *base) { base->clock_on = 1u; }
static inline void Cy_SD_Host_DisableSdClk(SDHC_Type *base) { base->clock_on = 0u; }
static inline uint32_t Cy_SD_Host_GetNormalInterruptStatus(SDHC_Type const *base) { return base->normal_status; }
static inline void Cy_SD_Host_ClearNormalInterruptStatus(SDHC_Type *base, uint32_t status) {
    base->normal_status &= ~status;
}
static inline void Cy_SD_Host_SetNormalInterruptEnable(SDHC_Type *base, uint32_t interrupt) { base->normal_enable = interrupt; }
static inline void Cy_SD_Host_SetNormalInterruptMask(SDHC_Type *base, uint32_t interruptMask) { base->normal_mask = interruptMask; }
static inline uint32_t Cy_SD_Host_GetErrorInterruptStatus(SDHC_Type const *base) { return base->error_status; }
static inline void Cy_SD_Host_ClearErrorInterruptStatus(SDHC_Type *base, uint32_t status) {
    base->error_status &= ~status;
    if (base->error_status == 0u) base->normal_status &= ~CY_SD_HOST_ERR_INTERRUPT;
}
static inline void Cy_SD_Host_SetErrorInterruptEnable(SDHC_Type *base, uint32_t interrupt) { base->error_enable = interrupt; }
static inline void Cy_SD_Host_SetErrorInterruptMask(SDHC_Type *base, uint32_t interruptMask) { base->error_mask = interruptMask; }
