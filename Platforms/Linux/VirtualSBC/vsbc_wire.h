// The wire between the virtual board's interposer (vsbc.c, inside tcp-keepalive) and the
// chip process (virtual-sbc-chip, Swift): one AF_UNIX SOCK_SEQPACKET connection, strict
// request/reply from the interposer's side. Every message starts with this header
// (little-endian, as both ends run on the same machine); replies echo `type`.
// The Swift side mirrors these numbers in Platforms/Linux/VirtualSBC/Chip/ChipWire.swift.
#pragma once
#include <stdint.h>

struct vsbc_hdr {
    uint32_t type;
    uint32_t a0, a1, a2;
};

enum vsbc_type {
    // a0 = SPI mode word (CPHA, CPOL, SPI_3WIRE, ...), a1 = transfer clock in Hz,
    // a2 = bytes the host reads after what it writes; payload = the bytes the chip samples
    // (command word + data). Reply: a0 = 0 or an errno, payload = the a2 bytes read.
    VSBC_SPI = 1,
    // a0 = line offset, a1 = physical level 0/1 driven by the host (WL_REG_ON). Reply a0 = 0.
    VSBC_SET_LINE = 2,
    // a0 = line offset. Reply: a0 = 0, a1 = the line's physical level.
    VSBC_GET_LINE = 3,
    // a0 = line offset, a1 = edges (bit 0 rising, bit 1 falling, of the logical level),
    // a2 = bit 0 active-low, bits 8..15 event format (1 = struct gpioevent_data,
    // 2 = struct gpio_v2_line_event); SCM_RIGHTS carries the socket the chip process writes
    // one event record per message into. Reply a0 = 0.
    VSBC_WATCH_LINE = 4,
    // a0 = line offset: the line's request was released (events stop). Reply a0 = 0.
    VSBC_RELEASE_LINE = 5,
};
