/* FAKE PDL definitions (ours, not Infineon code) so check-flow.sh can link; they do nothing. */
#include "cy_pdl.h"
MCWDT_STRUCT_Type cy_stub_mcwdt0; CySCB_Type cy_stub_scb0, cy_stub_scb1, cy_stub_scb5, cy_stub_scb10; SDHC_Type cy_stub_sdhc0;
static GPIO_PRT_Type ports[15];
void NVIC_EnableIRQ(IRQn_Type i) { (void)i; } void NVIC_DisableIRQ(IRQn_Type i) { (void)i; } void NVIC_ClearPendingIRQ(IRQn_Type i) { (void)i; }
void __enable_irq(void) {} void __disable_irq(void) {}
uint32_t Cy_SysLib_EnterCriticalSection(void) { return 0; } void Cy_SysLib_ExitCriticalSection(uint32_t s) { (void)s; }
void Cy_SysLib_Delay(uint32_t m) { (void)m; } void Cy_SysLib_DelayUs(uint16_t u) { (void)u; }
GPIO_PRT_Type *Cy_GPIO_PortToAddr(uint32_t p) { return &ports[p % 15]; }
void Cy_GPIO_Pin_FastInit(GPIO_PRT_Type *b, uint32_t p, uint32_t d, uint32_t o, en_hsiom_sel_t h) { (void)b; (void)p; (void)d; (void)o; (void)h; }
void Cy_GPIO_Write(GPIO_PRT_Type *b, uint32_t p, uint32_t v) { (void)b; (void)p; (void)v; }
uint32_t Cy_GPIO_Read(GPIO_PRT_Type const *b, uint32_t p) { (void)b; (void)p; return 0; }
void Cy_GPIO_SetInterruptEdge(GPIO_PRT_Type *b, uint32_t p, uint32_t v) { (void)b; (void)p; (void)v; }
void Cy_GPIO_SetInterruptMask(GPIO_PRT_Type *b, uint32_t p, uint32_t v) { (void)b; (void)p; (void)v; }
uint32_t Cy_GPIO_GetInterruptStatusMasked(GPIO_PRT_Type const *b, uint32_t p) { (void)b; (void)p; return 0; }
void Cy_GPIO_ClearInterrupt(GPIO_PRT_Type *b, uint32_t p) { (void)b; (void)p; }
cy_en_sysint_status_t Cy_SysInt_Init(const cy_stc_sysint_t *c, cy_israddress i) { (void)c; (void)i; return CY_SYSINT_SUCCESS; }
cy_en_sysclk_status_t Cy_SysClk_PeriphAssignDivider(en_clk_dst_t a, cy_en_divider_types_t b, uint32_t c) { (void)a; (void)b; (void)c; return 0; }
cy_en_sysclk_status_t Cy_SysClk_PeriphSetFracDivider(cy_en_divider_types_t a, uint32_t b, uint32_t c, uint32_t d) { (void)a; (void)b; (void)c; (void)d; return 0; }
cy_en_sysclk_status_t Cy_SysClk_PeriphEnableDivider(cy_en_divider_types_t a, uint32_t b) { (void)a; (void)b; return 0; }
cy_en_sysclk_status_t Cy_SysClk_ClkHfSetSource(uint32_t a, cy_en_clkhf_in_sources_t b) { (void)a; (void)b; return 0; }
cy_en_sysclk_status_t Cy_SysClk_ClkHfSetDivider(uint32_t a, cy_en_clkhf_dividers_t b) { (void)a; (void)b; return 0; }
cy_en_sysclk_status_t Cy_SysClk_ClkHfEnable(uint32_t a) { (void)a; return 0; }
cy_en_syspm_status_t Cy_SysPm_CpuEnterDeepSleep(cy_en_syspm_waitfor_t w) { (void)w; return 0; }
cy_en_syspm_status_t Cy_SysPm_CpuEnterSleep(cy_en_syspm_waitfor_t w) { (void)w; return 0; }
cy_en_mcwdt_status_t Cy_MCWDT_Init(MCWDT_STRUCT_Type *b, cy_stc_mcwdt_config_t const *c) { (void)b; (void)c; return 0; }
void Cy_MCWDT_Enable(MCWDT_STRUCT_Type *b, uint32_t c, uint16_t w) { (void)b; (void)c; (void)w; }
void Cy_MCWDT_SetMatch(MCWDT_STRUCT_Type *b, cy_en_mcwdtctr_t c, uint32_t m, uint16_t w) { (void)b; (void)c; (void)m; (void)w; }
uint32_t Cy_MCWDT_GetMatch(MCWDT_STRUCT_Type const *b, cy_en_mcwdtctr_t c) { (void)b; (void)c; return 0x8000; }
static uint32_t cnt; uint32_t Cy_MCWDT_GetCount(MCWDT_STRUCT_Type const *b, cy_en_mcwdtctr_t c) { (void)b; (void)c; return cnt += 5; }
void Cy_MCWDT_ClearInterrupt(MCWDT_STRUCT_Type *b, uint32_t c) { (void)b; (void)c; }
void Cy_MCWDT_SetInterruptMask(MCWDT_STRUCT_Type *b, uint32_t c) { (void)b; (void)c; }
cy_en_scb_uart_status_t Cy_SCB_UART_Init(CySCB_Type *b, cy_stc_scb_uart_config_t const *c, cy_stc_scb_uart_context_t *x) { (void)b; (void)c; (void)x; return 0; }
void Cy_SCB_UART_Enable(CySCB_Type *b) { (void)b; }
uint32_t Cy_SCB_UART_Put(CySCB_Type *b, uint32_t d) { (void)b; (void)d; return 1; }
bool Cy_SCB_UART_IsTxComplete(CySCB_Type const *b) { (void)b; return true; }
void Cy_SD_Host_Enable(SDHC_Type *b) { (void)b; }
cy_en_sd_host_status_t Cy_SD_Host_Init(SDHC_Type *b, const cy_stc_sd_host_init_config_t *c, cy_stc_sd_host_context_t *x) { (void)b; (void)c; (void)x; return 0; }
cy_en_sd_host_status_t Cy_SD_Host_SetSdClkDiv(SDHC_Type *b, uint16_t d) { (void)b; (void)d; return 0; }
void Cy_SD_Host_EnableSdClk(SDHC_Type *b) { (void)b; } void Cy_SD_Host_DisableSdClk(SDHC_Type *b) { (void)b; }
cy_en_sd_host_status_t Cy_SD_Host_SetHostBusWidth(SDHC_Type *b, cy_en_sd_host_bus_width_t w) { (void)b; (void)w; return 0; }
cy_en_sd_host_status_t Cy_SD_Host_SetHostSpeedMode(SDHC_Type *b, cy_en_sd_host_bus_speed_mode_t s) { (void)b; (void)s; return 0; }
cy_en_sd_host_status_t Cy_SD_Host_SendCommand(SDHC_Type *b, cy_stc_sd_host_cmd_config_t const *c) { (void)b; (void)c; return 0; }
cy_en_sd_host_status_t Cy_SD_Host_GetResponse(SDHC_Type const *b, uint32_t *r, bool l) { (void)b; (void)l; *r = 0x90FF8000u; return 0; }
cy_en_sd_host_status_t Cy_SD_Host_InitDataTransfer(SDHC_Type *b, cy_stc_sd_host_data_config_t const *d) { (void)b; (void)d; return 0; }
void Cy_SD_Host_SoftwareReset(SDHC_Type *b, cy_en_sd_host_reset_t r) { (void)b; (void)r; }
uint32_t Cy_SD_Host_GetNormalInterruptStatus(SDHC_Type const *b) { (void)b; return 0x3; }
void Cy_SD_Host_ClearNormalInterruptStatus(SDHC_Type *b, uint32_t s) { (void)b; (void)s; }
void Cy_SD_Host_SetNormalInterruptEnable(SDHC_Type *b, uint32_t s) { (void)b; (void)s; }
void Cy_SD_Host_SetNormalInterruptMask(SDHC_Type *b, uint32_t s) { (void)b; (void)s; }
uint32_t Cy_SD_Host_GetErrorInterruptStatus(SDHC_Type const *b) { (void)b; return 0; }
void Cy_SD_Host_ClearErrorInterruptStatus(SDHC_Type *b, uint32_t s) { (void)b; (void)s; }
void Cy_SD_Host_SetErrorInterruptEnable(SDHC_Type *b, uint32_t s) { (void)b; (void)s; }
void Cy_SD_Host_SetErrorInterruptMask(SDHC_Type *b, uint32_t s) { (void)b; (void)s; }
