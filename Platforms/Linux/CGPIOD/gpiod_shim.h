// One API over libgpiod v1 (1.6.x, Debian 12) and v2 (2.x, Debian 13), for the two
// lines the CYW43 needs: the host-wake input (edge events + level) and the WL_REG_ON
// output. Everything is static inline, so the system-library target has no C sources.
// API table: docs/build-recipes.md §4 "API mapping". Swift calls these only from
// Platforms/Linux/LinuxPlatform/Syscalls+GPIO.swift.
#pragma once
#include <gpiod.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

// v1's header defines GPIOD_LINE_BULK_MAX_LINES; v2's does not (docs/build-recipes.md §4).
#ifdef GPIOD_LINE_BULK_MAX_LINES
#define GSHIM_LIBGPIOD_V1 1
#else
#define GSHIM_LIBGPIOD_V2 1
#endif

// Edge selection for gshim_request_input.
#define GSHIM_EDGE_RISING  1
#define GSHIM_EDGE_FALLING 2
#define GSHIM_EDGE_BOTH    3

// Bias for inputs (best effort: the kernel may ignore it).
#define GSHIM_BIAS_AS_IS     0
#define GSHIM_BIAS_PULL_UP   1
#define GSHIM_BIAS_PULL_DOWN 2

typedef struct gshim_line {
    struct gpiod_chip *chip;
    unsigned int offset;
#ifdef GSHIM_LIBGPIOD_V1
    struct gpiod_line *line;
#else
    struct gpiod_line_request *req;
    struct gpiod_edge_event_buffer *buf;
#endif
} gshim_line;

static inline const char *gshim_version(void) {
#ifdef GSHIM_LIBGPIOD_V1
    return gpiod_version_string();
#else
    return gpiod_api_version();
#endif
}

static inline int gshim_api_major(void) {
#ifdef GSHIM_LIBGPIOD_V1
    return 1;
#else
    return 2;
#endif
}

static inline void gshim_fail_free(gshim_line *l) {
    int e = errno;
    if (l->chip) gpiod_chip_close(l->chip);
    free(l);
    errno = e;
}

#ifdef GSHIM_LIBGPIOD_V1
// Bias flags exist since libgpiod 1.5 (Debian 12 has 1.6.3).
static inline int gshim_v1_flags(int bias) {
    if (bias == GSHIM_BIAS_PULL_UP) return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP;
    if (bias == GSHIM_BIAS_PULL_DOWN) return GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN;
    return 0;
}
#else
// Requests one line with the given settings; frees the settings objects in every case.
static inline struct gpiod_line_request *gshim_v2_request(struct gpiod_chip *chip, unsigned int offset,
                                                          struct gpiod_line_settings *ls,
                                                          const char *consumer) {
    struct gpiod_line_config *lc = gpiod_line_config_new();
    struct gpiod_request_config *rc = gpiod_request_config_new();
    struct gpiod_line_request *req = NULL;
    if (lc && rc && gpiod_line_config_add_line_settings(lc, &offset, 1, ls) == 0) {
        gpiod_request_config_set_consumer(rc, consumer);
        req = gpiod_chip_request_lines(chip, rc, lc);
    }
    int e = errno;
    if (lc) gpiod_line_config_free(lc);
    if (rc) gpiod_request_config_free(rc);
    gpiod_line_settings_free(ls);
    errno = e;
    return req;
}
#endif

// Input line with edge events (edge: GSHIM_EDGE_*). chip: a path such as "/dev/gpiochip0"
// (v1 also accepts "gpiochip0", "0" or a label). NULL + errno on failure.
static inline gshim_line *gshim_request_input(const char *chip, unsigned int offset, int edge,
                                              int bias, const char *consumer) {
    gshim_line *l = (gshim_line *)calloc(1, sizeof *l);
    if (!l) return NULL;
    l->offset = offset;
#ifdef GSHIM_LIBGPIOD_V1
    l->chip = gpiod_chip_open_lookup(chip);
    if (!l->chip) { gshim_fail_free(l); return NULL; }
    l->line = gpiod_chip_get_line(l->chip, offset);
    if (!l->line) { gshim_fail_free(l); return NULL; }
    int flags = gshim_v1_flags(bias);
    int r = edge == GSHIM_EDGE_RISING  ? gpiod_line_request_rising_edge_events_flags(l->line, consumer, flags)
          : edge == GSHIM_EDGE_FALLING ? gpiod_line_request_falling_edge_events_flags(l->line, consumer, flags)
          : gpiod_line_request_both_edges_events_flags(l->line, consumer, flags);
    if (r < 0) { gshim_fail_free(l); return NULL; }
    return l;
#else
    l->chip = gpiod_chip_open(chip);
    if (!l->chip) { gshim_fail_free(l); return NULL; }
    struct gpiod_line_settings *ls = gpiod_line_settings_new();
    if (!ls) { gshim_fail_free(l); return NULL; }
    gpiod_line_settings_set_direction(ls, GPIOD_LINE_DIRECTION_INPUT);
    gpiod_line_settings_set_edge_detection(ls, edge == GSHIM_EDGE_RISING ? GPIOD_LINE_EDGE_RISING
                                              : edge == GSHIM_EDGE_FALLING ? GPIOD_LINE_EDGE_FALLING
                                              : GPIOD_LINE_EDGE_BOTH);
    if (bias == GSHIM_BIAS_PULL_UP) gpiod_line_settings_set_bias(ls, GPIOD_LINE_BIAS_PULL_UP);
    if (bias == GSHIM_BIAS_PULL_DOWN) gpiod_line_settings_set_bias(ls, GPIOD_LINE_BIAS_PULL_DOWN);
    l->req = gshim_v2_request(l->chip, offset, ls, consumer);
    if (!l->req) { gshim_fail_free(l); return NULL; }
    l->buf = gpiod_edge_event_buffer_new(16);
    if (!l->buf) { int e = errno; gpiod_line_request_release(l->req); errno = e; gshim_fail_free(l); return NULL; }
    return l;
#endif
}

// Output line driven to `value` (0/1) at request time (WL_REG_ON starts low).
static inline gshim_line *gshim_request_output(const char *chip, unsigned int offset, int value,
                                               const char *consumer) {
    gshim_line *l = (gshim_line *)calloc(1, sizeof *l);
    if (!l) return NULL;
    l->offset = offset;
#ifdef GSHIM_LIBGPIOD_V1
    l->chip = gpiod_chip_open_lookup(chip);
    if (!l->chip) { gshim_fail_free(l); return NULL; }
    l->line = gpiod_chip_get_line(l->chip, offset);
    if (!l->line) { gshim_fail_free(l); return NULL; }
    if (gpiod_line_request_output(l->line, consumer, value) < 0) { gshim_fail_free(l); return NULL; }
    return l;
#else
    l->chip = gpiod_chip_open(chip);
    if (!l->chip) { gshim_fail_free(l); return NULL; }
    struct gpiod_line_settings *ls = gpiod_line_settings_new();
    if (!ls) { gshim_fail_free(l); return NULL; }
    gpiod_line_settings_set_direction(ls, GPIOD_LINE_DIRECTION_OUTPUT);
    gpiod_line_settings_set_output_value(ls, value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
    l->req = gshim_v2_request(l->chip, offset, ls, consumer);
    if (!l->req) { gshim_fail_free(l); return NULL; }
    return l;
#endif
}

// Current level: 0/1, or -1 with errno.
static inline int gshim_get_value(gshim_line *l) {
#ifdef GSHIM_LIBGPIOD_V1
    return gpiod_line_get_value(l->line);
#else
    enum gpiod_line_value v = gpiod_line_request_get_value(l->req, l->offset);
    if (v == GPIOD_LINE_VALUE_ERROR) return -1;
    return v == GPIOD_LINE_VALUE_ACTIVE ? 1 : 0;
#endif
}

// Drives an output line. 0 or -1 with errno.
static inline int gshim_set_value(gshim_line *l, int value) {
#ifdef GSHIM_LIBGPIOD_V1
    return gpiod_line_set_value(l->line, value);
#else
    return gpiod_line_request_set_value(l->req, l->offset,
                                        value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE);
#endif
}

// File descriptor that becomes readable when edge events are queued (for epoll).
static inline int gshim_fd(gshim_line *l) {
#ifdef GSHIM_LIBGPIOD_V1
    return gpiod_line_event_get_fd(l->line);
#else
    return gpiod_line_request_get_fd(l->req);
#endif
}

// 1 = events pending, 0 = timeout, -1 = error (errno set).
static inline int gshim_wait(gshim_line *l, int64_t timeout_ns) {
#ifdef GSHIM_LIBGPIOD_V1
    struct timespec ts = { (time_t)(timeout_ns / 1000000000LL), (long)(timeout_ns % 1000000000LL) };
    return gpiod_line_event_wait(l->line, &ts);
#else
    return gpiod_line_request_wait_edge_events(l->req, timeout_ns);
#endif
}

// Reads one queued event (call only when the fd is readable). 0 on success;
// *rising = 1 for a rising edge, 0 for falling.
static inline int gshim_read_event(gshim_line *l, uint64_t *timestamp_ns, int *rising) {
#ifdef GSHIM_LIBGPIOD_V1
    struct gpiod_line_event ev;
    if (gpiod_line_event_read(l->line, &ev) < 0) return -1;
    *timestamp_ns = (uint64_t)ev.ts.tv_sec * 1000000000ull + (uint64_t)ev.ts.tv_nsec;
    *rising = ev.event_type == GPIOD_LINE_EVENT_RISING_EDGE;
    return 0;
#else
    if (gpiod_line_request_read_edge_events(l->req, l->buf, 1) < 1) return -1;
    struct gpiod_edge_event *ev = gpiod_edge_event_buffer_get_event(l->buf, 0);
    *timestamp_ns = gpiod_edge_event_get_timestamp_ns(ev);
    *rising = gpiod_edge_event_get_event_type(ev) == GPIOD_EDGE_EVENT_RISING_EDGE;
    return 0;
#endif
}

// Releases the line and closes the chip. NULL is allowed.
static inline void gshim_release(gshim_line *l) {
    if (!l) return;
#ifdef GSHIM_LIBGPIOD_V1
    gpiod_line_release(l->line);
#else
    if (l->buf) gpiod_edge_event_buffer_free(l->buf);
    gpiod_line_request_release(l->req);
#endif
    gpiod_chip_close(l->chip);
    free(l);
}
