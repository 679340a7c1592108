// Per-kit wiring for the PSoC 6 shim, selected by -DPSOC6_KIT_<kit with '-' as '_'>
// (Platforms/PSoC6/psoc6.mk passes it). Pins and SCBs: docs/psoc6-platform.md §0 table and
// docs/tko-offload.md §9 (BSP design.modus aliases); host-wake edge/drive: docs/psoc6-platform.md
// §0 notes and §3.2 (rising + High-Z with the input buffer ON everywhere, except falling +
// pull-up on the two 43439 EVAL kits). HSIOM names: mtb-pdl-cat1 gpio_psoc6_0x_*.h.
//
//   PSOC6_SDIO_SDHC / PSOC6_SDIO_UDB     which SDIO host (UDB kits need the HAL + udb-sdio-whd)
//   PSOC6_REGON_PORT/PIN                 WL_REG_ON
//   PSOC6_HOSTWAKE_PORT/PIN, _RISING     host-wake input and its edge
//   PSOC6_UART_*                         debug UART SCB, clock, RX/TX pins and HSIOM
#pragma once

#if defined(PSOC6_KIT_CY8CPROTO_062_4343W)
#  define PSOC6_KIT_NAME "CY8CPROTO-062-4343W"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 0       /* P0.4 = also user button SW2 */
#  define PSOC6_HOSTWAKE_PIN 4
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB5 1
#elif defined(PSOC6_KIT_CY8CKIT_062S2_43012)
#  define PSOC6_KIT_NAME "CY8CKIT-062S2-43012"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 4
#  define PSOC6_HOSTWAKE_PIN 1
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB5 1
#elif defined(PSOC6_KIT_CY8CKIT_062_WIFI_BT)
#  define PSOC6_KIT_NAME "CY8CKIT-062-WIFI-BT"
#  define PSOC6_SDIO_UDB 1
#  define PSOC6_UDB_PORT 2
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 2
#  define PSOC6_HOSTWAKE_PIN 7
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB5 1
#elif defined(PSOC6_KIT_CY8CKIT_064B0S2_4343W)
#  define PSOC6_KIT_NAME "CY8CKIT-064B0S2-4343W"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 4
#  define PSOC6_HOSTWAKE_PIN 1
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB5 1
#elif defined(PSOC6_KIT_CY8CPROTO_062S3_4343W)
#  define PSOC6_KIT_NAME "CY8CPROTO-062S3-4343W"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 2
#  define PSOC6_HOSTWAKE_PIN 7
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB_BASE SCB1
#  define PSOC6_UART_CLOCK PCLK_SCB1_CLOCK
#  define PSOC6_UART_RX_PORT 10
#  define PSOC6_UART_RX_PIN 0
#  define PSOC6_UART_RX_HSIOM P10_0_SCB1_UART_RX
#  define PSOC6_UART_TX_PORT 10
#  define PSOC6_UART_TX_PIN 1
#  define PSOC6_UART_TX_HSIOM P10_1_SCB1_UART_TX
#elif defined(PSOC6_KIT_CYW9P62S1_43438EVB_01)
#  define PSOC6_KIT_NAME "CYW9P62S1-43438EVB-01"
#  define PSOC6_SDIO_UDB 1
#  define PSOC6_UDB_PORT 2
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 4
#  define PSOC6_HOSTWAKE_PIN 1
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB5 1
#elif defined(PSOC6_KIT_CYW9P62S1_43012EVB_01)
#  define PSOC6_KIT_NAME "CYW9P62S1-43012EVB-01"
#  define PSOC6_SDIO_UDB 1
#  define PSOC6_UDB_PORT 12
#  define PSOC6_REGON_PORT 6
#  define PSOC6_REGON_PIN 2
#  define PSOC6_HOSTWAKE_PORT 6
#  define PSOC6_HOSTWAKE_PIN 0
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB5 1
#elif defined(PSOC6_KIT_CY8CEVAL_062S2_LAI_4373M2)
#  define PSOC6_KIT_NAME "CY8CEVAL-062S2-LAI-4373M2"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 4
#  define PSOC6_HOSTWAKE_PIN 1
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB0_P0 1
#elif defined(PSOC6_KIT_CY8CEVAL_062S2_MUR_43439M2)
#  define PSOC6_KIT_NAME "CY8CEVAL-062S2-MUR-43439M2"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 4
#  define PSOC6_HOSTWAKE_PIN 1
#  define PSOC6_HOSTWAKE_RISING 0      /* BSP: CYHAL_GPIO_IRQ_FALL, pull-up, init high */
#  define PSOC6_UART_SCB0_P0 1
#elif defined(PSOC6_KIT_CY8CEVAL_062S2_LAI_43439M2)
#  define PSOC6_KIT_NAME "CY8CEVAL-062S2-LAI-43439M2"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 4
#  define PSOC6_HOSTWAKE_PIN 1
#  define PSOC6_HOSTWAKE_RISING 0      /* BSP: CYHAL_GPIO_IRQ_FALL, pull-up, init high */
#  define PSOC6_UART_SCB0_P0 1
#elif defined(PSOC6_KIT_CY8CPROTO_062S2_43439)
#  define PSOC6_KIT_NAME "CY8CPROTO-062S2-43439"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 0       /* P0.4 = also user button SW2 */
#  define PSOC6_HOSTWAKE_PIN 4
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB5 1
#elif defined(PSOC6_KIT_CYSBSYSKIT_DEV_01)
#  define PSOC6_KIT_NAME "CYSBSYSKIT-DEV-01"
#  define PSOC6_SDIO_SDHC 1
#  define PSOC6_REGON_PORT 2
#  define PSOC6_REGON_PIN 6
#  define PSOC6_HOSTWAKE_PORT 1
#  define PSOC6_HOSTWAKE_PIN 4
#  define PSOC6_HOSTWAKE_RISING 1
#  define PSOC6_UART_SCB_BASE SCB10
#  define PSOC6_UART_CLOCK PCLK_SCB10_CLOCK
#  define PSOC6_UART_RX_PORT 5
#  define PSOC6_UART_RX_PIN 4
#  define PSOC6_UART_RX_HSIOM P5_4_SCB10_UART_RX
#  define PSOC6_UART_TX_PORT 5
#  define PSOC6_UART_TX_PIN 5
#  define PSOC6_UART_TX_HSIOM P5_5_SCB10_UART_TX
#else
#  error "no kit selected: pass -DPSOC6_KIT_<kit> (see Platforms/PSoC6/psoc6.mk PSOC6_KITS)"
#endif

#if defined(PSOC6_UART_SCB5)
#  define PSOC6_UART_SCB_BASE SCB5
#  define PSOC6_UART_CLOCK PCLK_SCB5_CLOCK
#  define PSOC6_UART_RX_PORT 5
#  define PSOC6_UART_RX_PIN 0
#  define PSOC6_UART_RX_HSIOM P5_0_SCB5_UART_RX
#  define PSOC6_UART_TX_PORT 5
#  define PSOC6_UART_TX_PIN 1
#  define PSOC6_UART_TX_HSIOM P5_1_SCB5_UART_TX
#elif defined(PSOC6_UART_SCB0_P0)
#  define PSOC6_UART_SCB_BASE SCB0
#  define PSOC6_UART_CLOCK PCLK_SCB0_CLOCK
#  define PSOC6_UART_RX_PORT 0
#  define PSOC6_UART_RX_PIN 2
#  define PSOC6_UART_RX_HSIOM P0_2_SCB0_UART_RX
#  define PSOC6_UART_TX_PORT 0
#  define PSOC6_UART_TX_PIN 3
#  define PSOC6_UART_TX_HSIOM P0_3_SCB0_UART_TX
#endif

#if defined(PSOC6_SDIO_UDB) && !defined(CYHAL_UDB_SDIO)
#  error "UDB-SDIO kit: build with the HAL and udb-sdio-whd (-DCY_USING_HAL -DCYHAL_UDB_SDIO, psoc6.mk does)"
#endif
