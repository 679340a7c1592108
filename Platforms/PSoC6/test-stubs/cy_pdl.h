// FAKE PDL for CI: NOT Infineon code. Declares only what Platforms/PSoC6/shim calls, with
// the signatures docs/psoc6-platform.md gives (§1.4, §2.4, §3.2, §4.1, §4.2, §5), so the shim
// can be compiled (never linked or run) without ModusToolbox. Enumerator values are ours
// unless the reference states them; the real build uses the user's mtb-pdl-cat1.
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint32_t cy_rslt_t;
#define CY_RSLT_SUCCESS ((cy_rslt_t)0u)

// ---- CMSIS / device -----------------------------------------------------------------
typedef enum {
    ioss_interrupts_gpio_0_IRQn = 0,       // ports 0..14 = IRQ 0..14 (§3.2)
    srss_interrupt_mcwdt_0_IRQn = 19,
    srss_interrupt_mcwdt_1_IRQn = 20,
    sdhc_0_interrupt_general_IRQn = 165,
} IRQn_Type;
void NVIC_EnableIRQ(IRQn_Type irq);
void NVIC_DisableIRQ(IRQn_Type irq);
void NVIC_ClearPendingIRQ(IRQn_Type irq);
void __enable_irq(void);
void __disable_irq(void);

// ---- SysLib ---------------------------------------------------------------------------
uint32_t Cy_SysLib_EnterCriticalSection(void);
void Cy_SysLib_ExitCriticalSection(uint32_t savedIntrStatus);
void Cy_SysLib_Delay(uint32_t milliseconds);
void Cy_SysLib_DelayUs(uint16_t microseconds);

// ---- GPIO / HSIOM -------------------------------------------------------------------
typedef struct { volatile uint32_t reserved[32]; } GPIO_PRT_Type;
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
GPIO_PRT_Type *Cy_GPIO_PortToAddr(uint32_t portNum);
void Cy_GPIO_Pin_FastInit(GPIO_PRT_Type *base, uint32_t pinNum, uint32_t driveMode, uint32_t outVal,
                          en_hsiom_sel_t hsiom);
void Cy_GPIO_Write(GPIO_PRT_Type *base, uint32_t pinNum, uint32_t value);
uint32_t Cy_GPIO_Read(GPIO_PRT_Type const *base, uint32_t pinNum);
void Cy_GPIO_SetInterruptEdge(GPIO_PRT_Type *base, uint32_t pinNum, uint32_t value);
void Cy_GPIO_SetInterruptMask(GPIO_PRT_Type *base, uint32_t pinNum, uint32_t value);
uint32_t Cy_GPIO_GetInterruptStatusMasked(GPIO_PRT_Type const *base, uint32_t pinNum);
void Cy_GPIO_ClearInterrupt(GPIO_PRT_Type *base, uint32_t pinNum);

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

// ---- SysPm ------------------------------------------------------------------------------
typedef enum { CY_SYSPM_SUCCESS = 0, CY_SYSPM_FAIL = 1 } cy_en_syspm_status_t;
typedef enum { CY_SYSPM_WAIT_FOR_INTERRUPT = 0, CY_SYSPM_WAIT_FOR_EVENT = 1 } cy_en_syspm_waitfor_t;
cy_en_syspm_status_t Cy_SysPm_CpuEnterDeepSleep(cy_en_syspm_waitfor_t waitFor);
cy_en_syspm_status_t Cy_SysPm_CpuEnterSleep(cy_en_syspm_waitfor_t waitFor);

// ---- MCWDT (CAT1A) ----------------------------------------------------------------------
typedef struct { volatile uint32_t reserved[16]; } MCWDT_STRUCT_Type;
extern MCWDT_STRUCT_Type cy_stub_mcwdt0;
#define MCWDT_STRUCT0 (&cy_stub_mcwdt0)
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
void Cy_MCWDT_Enable(MCWDT_STRUCT_Type *base, uint32_t counters, uint16_t waitUs);
void Cy_MCWDT_SetMatch(MCWDT_STRUCT_Type *base, cy_en_mcwdtctr_t counter, uint32_t match, uint16_t waitUs);
uint32_t Cy_MCWDT_GetMatch(MCWDT_STRUCT_Type const *base, cy_en_mcwdtctr_t counter);
uint32_t Cy_MCWDT_GetCount(MCWDT_STRUCT_Type const *base, cy_en_mcwdtctr_t counter);
void Cy_MCWDT_ClearInterrupt(MCWDT_STRUCT_Type *base, uint32_t counters);
void Cy_MCWDT_SetInterruptMask(MCWDT_STRUCT_Type *base, uint32_t counters);

// ---- SCB UART ---------------------------------------------------------------------------
typedef struct { volatile uint32_t reserved[64]; } CySCB_Type;
extern CySCB_Type cy_stub_scb0, cy_stub_scb1, cy_stub_scb5, cy_stub_scb10;
#define SCB0 (&cy_stub_scb0)
#define SCB1 (&cy_stub_scb1)
#define SCB5 (&cy_stub_scb5)
#define SCB10 (&cy_stub_scb10)
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
void Cy_SCB_UART_Enable(CySCB_Type *base);
uint32_t Cy_SCB_UART_Put(CySCB_Type *base, uint32_t data);
bool Cy_SCB_UART_IsTxComplete(CySCB_Type const *base);

// ---- SD host ----------------------------------------------------------------------------
typedef struct { volatile uint32_t reserved[128]; } SDHC_Type;
extern SDHC_Type cy_stub_sdhc0;
#define SDHC0 (&cy_stub_sdhc0)
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
void Cy_SD_Host_EnableSdClk(SDHC_Type *base);
void Cy_SD_Host_DisableSdClk(SDHC_Type *base);
cy_en_sd_host_status_t Cy_SD_Host_SetHostBusWidth(SDHC_Type *base, cy_en_sd_host_bus_width_t width);
cy_en_sd_host_status_t Cy_SD_Host_SetHostSpeedMode(SDHC_Type *base, cy_en_sd_host_bus_speed_mode_t speedMode);
cy_en_sd_host_status_t Cy_SD_Host_SendCommand(SDHC_Type *base, cy_stc_sd_host_cmd_config_t const *config);
cy_en_sd_host_status_t Cy_SD_Host_GetResponse(SDHC_Type const *base, uint32_t *responsePtr, bool largeResponse);
cy_en_sd_host_status_t Cy_SD_Host_InitDataTransfer(SDHC_Type *base, cy_stc_sd_host_data_config_t const *dataConfig);
void Cy_SD_Host_SoftwareReset(SDHC_Type *base, cy_en_sd_host_reset_t reset);
uint32_t Cy_SD_Host_GetNormalInterruptStatus(SDHC_Type const *base);
void Cy_SD_Host_ClearNormalInterruptStatus(SDHC_Type *base, uint32_t status);
void Cy_SD_Host_SetNormalInterruptEnable(SDHC_Type *base, uint32_t interrupt);
void Cy_SD_Host_SetNormalInterruptMask(SDHC_Type *base, uint32_t interruptMask);
uint32_t Cy_SD_Host_GetErrorInterruptStatus(SDHC_Type const *base);
void Cy_SD_Host_ClearErrorInterruptStatus(SDHC_Type *base, uint32_t status);
void Cy_SD_Host_SetErrorInterruptEnable(SDHC_Type *base, uint32_t interrupt);
void Cy_SD_Host_SetErrorInterruptMask(SDHC_Type *base, uint32_t interruptMask);
