// SDIO over the SDHC0 block with the PDL only (nine kits: SDHC0 on port 2). The command
// flow follows the HAL's SDHC SDIO code that WHD's BSP glue uses (docs/psoc6-platform.md §2.1,
// §2.3, §2.4): 400 kHz enumeration (CMD0, CMD5, CMD3, CMD7) with retries, optional high
// speed via CCCR 0x13, then 25/50 MHz, 4-bit, ADMA2 single-descriptor CMD53 through a
// word-aligned bounce buffer (§8 items 5, 6). The descriptor length is exactly block size x
// block count, as the HAL programs it: the host flags any other length as an ADMA length
// mismatch (CY_SD_HOST_ADMA_LEN_ERR). The SD host's deep-sleep callback is registered with
// SysPm (the PDL requires it to run inside Cy_SysPm_CpuEnterDeepSleep, §2.3, §4.1).
#include "psoc6_internal.h"
#include "psoc6_sdio_common.h"

#if defined(PSOC6_SDIO_SDHC)

#define SDHC SDHC0
#define CMD_TRIES 5u             // per command, 1 ms apart (WHD BSP glue)
#define ENUM_TRIES 50u           // whole enumeration
#define CMD_TIMEOUT_US 5000u     // HAL: 5000 × 1 µs
#define XFER_TIMEOUT_US 500000u  // HAL: 1000 × 500 µs
#define BOUNCE_BYTES 4096u

static cy_stc_sd_host_context_t sd_context;
static uint32_t sd_clock_hz;
static uint32_t bounce[BOUNCE_BYTES / 4u];
static uint32_t adma_descriptor[2];
static cy_stc_syspm_callback_params_t sd_pm_params = { SDHC, &sd_context };
static cy_stc_syspm_callback_t sd_pm_callback = {
    .callback = Cy_SD_Host_DeepSleepCallback, .type = CY_SYSPM_DEEPSLEEP, .skipMode = 0u,
    .callbackParams = &sd_pm_params, .order = PSOC6_PM_ORDER_SDHOST,
};

// SD clock = CLK_HF4 (100 MHz) / (2 × div): 400 kHz → 125, 25 MHz → 2, 50 MHz → 1 (§2.3).
static void set_clock(uint16_t div, uint32_t hz) {
    Cy_SD_Host_DisableSdClk(SDHC);
    Cy_SD_Host_SetSdClkDiv(SDHC, div);
    Cy_SD_Host_EnableSdClk(SDHC);
    Cy_SysLib_DelayUs(10u);
    sd_clock_hz = hz;
}

static void reset_lines(void) {
    Cy_SD_Host_ClearErrorInterruptStatus(SDHC, 0xFFFFu);
    Cy_SD_Host_SoftwareReset(SDHC, CY_SD_HOST_RESET_CMD_LINE);
    Cy_SD_Host_SoftwareReset(SDHC, CY_SD_HOST_RESET_DATALINE);
}

static int32_t wait_status(uint32_t bit, uint32_t timeout_us) {
    for (uint32_t t = 0; t < timeout_us; t++) {
        uint32_t s = Cy_SD_Host_GetNormalInterruptStatus(SDHC);
        if (s & CY_SD_HOST_ERR_INTERRUPT) {
            uint32_t e = Cy_SD_Host_GetErrorInterruptStatus(SDHC);
            return (e & 0x0001u) ? PSOC6_ERR_TIMEOUT : PSOC6_ERR_CRC;   // bit 0 = command timeout
        }
        if (s & bit) {
            Cy_SD_Host_ClearNormalInterruptStatus(SDHC, bit);
            return PSOC6_OK;
        }
        Cy_SysLib_DelayUs(1u);
    }
    return PSOC6_ERR_TIMEOUT;
}

// One command, retried. PDL flags per command class (§2.3): CMD0 no response, CMD5 R4
// without CRC/index check, everything else 48-bit with CRC and index checks.
static int32_t send(uint32_t index, uint32_t argument, bool data, uint32_t tries, uint32_t *response) {
    cy_stc_sd_host_cmd_config_t cmd = {
        .commandIndex = index,
        .commandArgument = argument,
        .enableCrcCheck = index != SDIO_CMD_GO_IDLE && index != SDIO_CMD_IO_SEND_OP_COND,
        .enableAutoResponseErrorCheck = false,
        .respType = index == SDIO_CMD_GO_IDLE ? CY_SD_HOST_RESPONSE_NONE
                  : index == SDIO_CMD_SELECT_CARD ? CY_SD_HOST_RESPONSE_LEN_48B : CY_SD_HOST_RESPONSE_LEN_48,
        .enableIdxCheck = index != SDIO_CMD_GO_IDLE && index != SDIO_CMD_IO_SEND_OP_COND,
        .dataPresent = data,
        .cmdType = CY_SD_HOST_CMD_NORMAL,
    };
    int32_t r = PSOC6_ERR_TIMEOUT;
    for (uint32_t i = 0; i < tries; i++) {
        if (i) Cy_SysLib_Delay(1u);
        // As the HAL does before every try: a pending error means reset CMD and DAT lines.
        if (i || (Cy_SD_Host_GetNormalInterruptStatus(SDHC) & CY_SD_HOST_ERR_INTERRUPT)) reset_lines();
        Cy_SD_Host_ClearNormalInterruptStatus(SDHC, CY_SD_HOST_CMD_COMPLETE);
        if (Cy_SD_Host_SendCommand(SDHC, &cmd) != CY_SD_HOST_SUCCESS) { r = PSOC6_ERR_DEVICE; continue; }
        r = wait_status(CY_SD_HOST_CMD_COMPLETE, CMD_TIMEOUT_US);
        if (r != PSOC6_OK) continue;
        uint32_t resp = 0;
        if (index != SDIO_CMD_GO_IDLE) (void)Cy_SD_Host_GetResponse(SDHC, &resp, false);
        if (response) *response = resp;
        if ((index == SDIO_CMD_IO_RW_DIRECT || index == SDIO_CMD_IO_RW_EXTENDED)
            && ((resp >> 8) & SDIO_R5_ERROR_FLAGS)) return PSOC6_ERR_RESPONSE;
        return PSOC6_OK;
    }
    return r;
}

static int32_t enumerate(void) {
    uint32_t r4 = 0, r6 = 0, r5 = 0;
    (void)send(SDIO_CMD_GO_IDLE, 0u, false, 1u, NULL);
    if (send(SDIO_CMD_IO_SEND_OP_COND, 0u, false, CMD_TRIES, &r4) != PSOC6_OK) return PSOC6_ERR_INIT;
    if (((r4 >> 28) & 7u) == 0u) return PSOC6_ERR_INIT;          // no I/O functions
    // Ask for the card's voltage window until IORDY (bit 31); no 1.8 V switch on these kits.
    uint32_t tries = 0;
    do {
        if (send(SDIO_CMD_IO_SEND_OP_COND, r4 & 0x00FFFFFFu, false, CMD_TRIES, &r4) != PSOC6_OK) return PSOC6_ERR_INIT;
        if (r4 & 0x80000000u) break;
        Cy_SysLib_Delay(1u);
    } while (++tries < 100u);
    if (!(r4 & 0x80000000u)) return PSOC6_ERR_INIT;
    if (send(SDIO_CMD_SEND_RELATIVE_ADDR, 0u, false, CMD_TRIES, &r6) != PSOC6_OK) return PSOC6_ERR_INIT;
    if (send(SDIO_CMD_SELECT_CARD, r6 & 0xFFFF0000u, false, CMD_TRIES, NULL) != PSOC6_OK) return PSOC6_ERR_INIT;
    // High speed: if CCCR 0x13 has SHS, set EHS and go to 50 MHz, else stay at 25 MHz.
    if (send(SDIO_CMD_IO_RW_DIRECT, sdio_cmd52_arg(0, 0, SDIO_CCCR_SPEED, 0), false, CMD_TRIES, &r5) == PSOC6_OK
        && (r5 & 0x01u)
        && send(SDIO_CMD_IO_RW_DIRECT, sdio_cmd52_arg(1, 0, SDIO_CCCR_SPEED, 0x02u), false, CMD_TRIES, &r5) == PSOC6_OK
        && (r5 & 0x02u)) {
        Cy_SD_Host_SetHostSpeedMode(SDHC, CY_SD_HOST_BUS_SPEED_HIGHSPEED);
        set_clock(1u, 50000000u);
    } else {
        Cy_SD_Host_SetHostSpeedMode(SDHC, CY_SD_HOST_BUS_SPEED_DEFAULT);
        set_clock(2u, 25000000u);
    }
    return PSOC6_OK;
}

int32_t psoc6_sdio_init(void) {
    // Pins: DAT0-3 = P2.0-P2.3, CMD = P2.4, CLK = P2.5, strong drive, SDHC0 HSIOM (§0).
    GPIO_PRT_Type *p2 = Cy_GPIO_PortToAddr(2u);
    Cy_GPIO_Pin_FastInit(p2, 0u, CY_GPIO_DM_STRONG, 1u, P2_0_SDHC0_CARD_DAT_3TO00);
    Cy_GPIO_Pin_FastInit(p2, 1u, CY_GPIO_DM_STRONG, 1u, P2_1_SDHC0_CARD_DAT_3TO01);
    Cy_GPIO_Pin_FastInit(p2, 2u, CY_GPIO_DM_STRONG, 1u, P2_2_SDHC0_CARD_DAT_3TO02);
    Cy_GPIO_Pin_FastInit(p2, 3u, CY_GPIO_DM_STRONG, 1u, P2_3_SDHC0_CARD_DAT_3TO03);
    Cy_GPIO_Pin_FastInit(p2, 4u, CY_GPIO_DM_STRONG, 1u, P2_4_SDHC0_CARD_CMD);
    Cy_GPIO_Pin_FastInit(p2, 5u, CY_GPIO_DM_STRONG, 1u, P2_5_SDHC0_CLK_CARD);
    // SDHC0 is clocked by CLK_HF4, from path 0 (FLL, 100 MHz), undivided (§2.3, §2.4).
    if (Cy_SysClk_ClkHfSetSource(4u, CY_SYSCLK_CLKHF_IN_CLKPATH0) != CY_SYSCLK_SUCCESS) return PSOC6_ERR_DEVICE;
    if (Cy_SysClk_ClkHfSetDivider(4u, CY_SYSCLK_CLKHF_NO_DIVIDE) != CY_SYSCLK_SUCCESS) return PSOC6_ERR_DEVICE;
    if (Cy_SysClk_ClkHfEnable(4u) != CY_SYSCLK_SUCCESS) return PSOC6_ERR_DEVICE;

    Cy_SD_Host_Enable(SDHC);
    const cy_stc_sd_host_init_config_t config = {
        .emmc = false, .dmaType = CY_SD_HOST_DMA_ADMA2, .enableLedControl = false,
    };
    if (Cy_SD_Host_Init(SDHC, &config, &sd_context) != CY_SD_HOST_SUCCESS) return PSOC6_ERR_DEVICE;
    sd_context.cardType = CY_SD_HOST_SDIO;
    // Registered once (a second registration of the same structure is refused by SysPm).
    static bool pm_registered;
    if (!pm_registered) {
        if (!Cy_SysPm_RegisterCallback(&sd_pm_callback)) return PSOC6_ERR_DEVICE;
        pm_registered = true;
    }
    // Status bits we poll (CARD_INTERRUPT stays off: host-wake is the out-of-band GPIO and
    // the in-band interrupt is level-sensitive, §8 item 7); no interrupt signals.
    Cy_SD_Host_SetNormalInterruptEnable(SDHC, CY_SD_HOST_CMD_COMPLETE | CY_SD_HOST_XFER_COMPLETE);
    Cy_SD_Host_SetErrorInterruptEnable(SDHC, 0xFFFFu);
    Cy_SD_Host_SetNormalInterruptMask(SDHC, 0u);
    Cy_SD_Host_SetErrorInterruptMask(SDHC, 0u);
    Cy_SD_Host_ClearNormalInterruptStatus(SDHC, 0x61FFu);
    Cy_SD_Host_ClearErrorInterruptStatus(SDHC, 0xFFFFu);
    Cy_SD_Host_SetHostBusWidth(SDHC, CY_SD_HOST_BUS_WIDTH_4_BIT);
    set_clock(125u, 400000u);

    for (uint32_t i = 0; i < ENUM_TRIES; i++) {
        if (enumerate() == PSOC6_OK) return PSOC6_OK;
        reset_lines();
        set_clock(125u, 400000u);
        Cy_SysLib_Delay(1u);
    }
    return PSOC6_ERR_INIT;
}

uint32_t psoc6_sdio_clock_hz(void) { return sd_clock_hz; }
uint32_t psoc6_sdio_max_transfer(void) { return BOUNCE_BYTES; }

int32_t psoc6_sdio_cmd52(int32_t write, uint8_t function, uint32_t address, uint8_t value, uint8_t *out) {
    if (function > 7u || address > 0x1FFFFu) return PSOC6_ERR_ARG;
    uint32_t r5 = 0;
    int32_t r = send(SDIO_CMD_IO_RW_DIRECT, sdio_cmd52_arg(write, function, address, value), false, 50u, &r5);
    if (out) *out = (uint8_t)(r5 & 0xFFu);
    return r;
}

int32_t psoc6_sdio_cmd53(int32_t write, uint8_t function, uint32_t address, int32_t incrementing,
                         uint32_t block_size, uint8_t *buffer, uint32_t length) {
    if (function > 7u || address > 0x1FFFFu || length == 0u || buffer == NULL) return PSOC6_ERR_ARG;
    uint32_t blocks = 1u, size = length, count = length & 0x1FFu;           // byte mode: 512 = 0
    if (block_size) {
        if (block_size > 2048u || length % block_size) return PSOC6_ERR_ARG;
        blocks = length / block_size;
        size = block_size;
        count = blocks;
        if (blocks > 0x1FFu) return PSOC6_ERR_TOO_LONG;
    } else if (length > 512u) {
        return PSOC6_ERR_TOO_LONG;
    }
    // The descriptor moves exactly block size x block count bytes (a byte-mode transfer of 2
    // bytes is a 2-byte descriptor); the bounce buffer only keeps the address word-aligned.
    uint32_t dma_bytes = size * blocks;
    if (dma_bytes > BOUNCE_BYTES || dma_bytes > 0xFFFFu) return PSOC6_ERR_TOO_LONG;
    uint8_t *b = (uint8_t *)bounce;
    if (write) { for (uint32_t i = 0; i < length; i++) b[i] = buffer[i]; }
    // One ADMA2 descriptor: VALID | END | ACT = TRAN (0x4 << 3) | length << 16 (§2.3, §2.4).
    adma_descriptor[0] = 0x1u | 0x2u | (0x4u << 3) | ((dma_bytes & 0xFFFFu) << 16);
    adma_descriptor[1] = (uint32_t)(uintptr_t)bounce;
    cy_stc_sd_host_data_config_t data = {
        .blockSize = size,
        .numberOfBlock = blocks,
        .enableDma = true,
        .autoCommand = CY_SD_HOST_AUTO_CMD_NONE,
        .read = write == 0,
        .data = adma_descriptor,
        .dataTimeout = 0x0Du,
        .enableIntAtBlockGap = false,
        .enReliableWrite = false,
    };
    uint32_t argument = sdio_cmd53_arg(write, function, address, incrementing, block_size != 0u, count);
    int32_t r = PSOC6_ERR_TIMEOUT;
    for (uint32_t attempt = 0; attempt < 50u; attempt++) {   // HAL: 50 tries, resetting lines
        // Reset before InitDataTransfer, never after it (send() then finds no pending error).
        if (attempt || (Cy_SD_Host_GetNormalInterruptStatus(SDHC) & CY_SD_HOST_ERR_INTERRUPT)) reset_lines();
        Cy_SD_Host_ClearNormalInterruptStatus(SDHC, CY_SD_HOST_XFER_COMPLETE | CY_SD_HOST_CMD_COMPLETE);
        if (Cy_SD_Host_InitDataTransfer(SDHC, &data) != CY_SD_HOST_SUCCESS) { r = PSOC6_ERR_DEVICE; continue; }
        r = send(SDIO_CMD_IO_RW_EXTENDED, argument, true, 1u, NULL);
        if (r == PSOC6_ERR_RESPONSE) return r;
        if (r != PSOC6_OK) continue;
        r = wait_status(CY_SD_HOST_XFER_COMPLETE, XFER_TIMEOUT_US);
        if (r == PSOC6_OK) break;
    }
    if (r == PSOC6_OK && !write) { for (uint32_t i = 0; i < length; i++) buffer[i] = b[i]; }
    return r;
}

#endif  // PSOC6_SDIO_SDHC
