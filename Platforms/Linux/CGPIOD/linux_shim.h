// Part of the CGPIOD system module (the one C module of Platforms/Linux): header-only view
// of the Linux spidev userspace API (<linux/spi/spidev.h>) plus the
// epoll/eventfd/timerfd headers the Linux platform uses. The function-like macros
// (_IOW, SPI_IOC_MESSAGE(n)) do not import into Swift, so they are exposed here as
// functions; tests compare them with the values Swift computes (docs/build-recipes.md §4).
#pragma once
#include <linux/spi/spidev.h>
#include <sys/ioctl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <stddef.h>
#include <stdint.h>

static inline unsigned long cspi_ioc_message(unsigned int n) { return SPI_IOC_MESSAGE(n); }
static inline unsigned long cspi_ioc_wr_mode(void)          { return SPI_IOC_WR_MODE; }
static inline unsigned long cspi_ioc_rd_mode(void)          { return SPI_IOC_RD_MODE; }
static inline unsigned long cspi_ioc_wr_mode32(void)        { return SPI_IOC_WR_MODE32; }
static inline unsigned long cspi_ioc_rd_mode32(void)        { return SPI_IOC_RD_MODE32; }
static inline unsigned long cspi_ioc_wr_bits_per_word(void) { return SPI_IOC_WR_BITS_PER_WORD; }
static inline unsigned long cspi_ioc_wr_max_speed_hz(void)  { return SPI_IOC_WR_MAX_SPEED_HZ; }
static inline unsigned long cspi_ioc_rd_max_speed_hz(void)  { return SPI_IOC_RD_MAX_SPEED_HZ; }

// Mode bits from <linux/spi/spi.h> (included by spidev.h on 6.x headers; literal
// fallbacks for older ones).
#ifndef SPI_3WIRE
#define SPI_3WIRE 0x10
#endif
#ifndef SPI_3WIRE_HIZ
#define SPI_3WIRE_HIZ 0x8000
#endif
static inline uint32_t cspi_mode_cpha(void)      { return SPI_CPHA; }
static inline uint32_t cspi_mode_cpol(void)      { return SPI_CPOL; }
static inline uint32_t cspi_mode_3wire(void)     { return SPI_3WIRE; }
static inline uint32_t cspi_mode_3wire_hiz(void) { return SPI_3WIRE_HIZ; }
static inline uint32_t cspi_mode_lsb_first(void) { return SPI_LSB_FIRST; }

// struct spi_ioc_transfer layout as the C compiler sees it.
static inline size_t cspi_xfer_size(void)              { return sizeof(struct spi_ioc_transfer); }
static inline size_t cspi_off_tx_buf(void)             { return offsetof(struct spi_ioc_transfer, tx_buf); }
static inline size_t cspi_off_rx_buf(void)             { return offsetof(struct spi_ioc_transfer, rx_buf); }
static inline size_t cspi_off_len(void)                { return offsetof(struct spi_ioc_transfer, len); }
static inline size_t cspi_off_speed_hz(void)           { return offsetof(struct spi_ioc_transfer, speed_hz); }
static inline size_t cspi_off_delay_usecs(void)        { return offsetof(struct spi_ioc_transfer, delay_usecs); }
static inline size_t cspi_off_bits_per_word(void)      { return offsetof(struct spi_ioc_transfer, bits_per_word); }
static inline size_t cspi_off_cs_change(void)          { return offsetof(struct spi_ioc_transfer, cs_change); }
static inline size_t cspi_off_tx_nbits(void)           { return offsetof(struct spi_ioc_transfer, tx_nbits); }
static inline size_t cspi_off_rx_nbits(void)           { return offsetof(struct spi_ioc_transfer, rx_nbits); }
