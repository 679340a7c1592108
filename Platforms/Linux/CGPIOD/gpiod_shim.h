// One API over libgpiod v1 (1.6.x, Debian 12: libgpiod.so.2) and v2 (2.x, Debian 13:
// libgpiod.so.3), for the two lines the CYW43 needs: the host-wake input (edge events +
// level) and the WL_REG_ON output.
//
// libgpiod is opened with dlopen on first use, not linked: the package then builds on a
// machine without libgpiod-dev (the simulated kit never touches a GPIO), and one binary
// runs against either major version. The declarations below are ours, written from the
// two public headers' prototypes and enum values (docs/build-recipes.md §4 "API mapping");
// Platforms/Linux/check-libgpiod-v2.sh compiles this file with -DGSHIM_CHECK_AGAINST_HEADER
// against the real v1 and v2 headers, which asserts every prototype, constant and the v1
// event layout. Everything is static inline, so the system-library target has no C
// sources. Swift calls these only from Platforms/Linux/LinuxPlatform/Syscalls+GPIO.swift.
#pragma once
#include <dlfcn.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

// Edge selection for gshim_request_input.
#define GSHIM_EDGE_RISING  1
#define GSHIM_EDGE_FALLING 2
#define GSHIM_EDGE_BOTH    3

// Bias for inputs (best effort: the kernel may ignore it).
#define GSHIM_BIAS_AS_IS     0
#define GSHIM_BIAS_PULL_UP   1
#define GSHIM_BIAS_PULL_DOWN 2

// errno when libgpiod could not be loaded (ELIBACC: "cannot access a needed shared library").
#define GSHIM_ENOLIB ELIBACC

// ---- the libgpiod types and constants we use (opaque structs; values from the headers) ----
struct gpiod_chip;
struct gpiod_line;                 // v1
struct gpiod_line_settings;        // v2
struct gpiod_line_config;          // v2
struct gpiod_request_config;       // v2
struct gpiod_line_request;         // v2
struct gpiod_edge_event_buffer;    // v2
struct gpiod_edge_event;           // v2

// v1: struct gpiod_line_event { struct timespec ts; int event_type; }
typedef struct gshim_v1_event { struct timespec ts; int event_type; } gshim_v1_event;
#define GSHIM_V1_FLAG_BIAS_PULL_DOWN (1 << 4)
#define GSHIM_V1_FLAG_BIAS_PULL_UP   (1 << 5)
#define GSHIM_V1_EVENT_RISING_EDGE   1
// v2 enums
#define GSHIM_V2_VALUE_ERROR     (-1)
#define GSHIM_V2_VALUE_INACTIVE  0
#define GSHIM_V2_VALUE_ACTIVE    1
#define GSHIM_V2_DIRECTION_INPUT  2
#define GSHIM_V2_DIRECTION_OUTPUT 3
#define GSHIM_V2_EDGE_RISING  2
#define GSHIM_V2_EDGE_FALLING 3
#define GSHIM_V2_EDGE_BOTH    4
#define GSHIM_V2_BIAS_PULL_UP   4
#define GSHIM_V2_BIAS_PULL_DOWN 5
#define GSHIM_V2_EVENT_RISING_EDGE 1

// Function table. An enum parameter or result has the enum's compatible integer type
// (C11 6.7.2.2: unsigned int for an enum without negative values, int for
// gpiod_line_value), so the header check can assign the real functions without a cast.
typedef struct gshim_api {
    int major;                         // 0 = not loaded, 1, 2
    const char *error;                 // why loading failed (static text or dlerror())
    void (*chip_close)(struct gpiod_chip *);
    // v1
    const char *(*v1_version_string)(void);
    struct gpiod_chip *(*v1_chip_open_lookup)(const char *);
    struct gpiod_line *(*v1_chip_get_line)(struct gpiod_chip *, unsigned int);
    int (*v1_request_rising)(struct gpiod_line *, const char *, int);
    int (*v1_request_falling)(struct gpiod_line *, const char *, int);
    int (*v1_request_both)(struct gpiod_line *, const char *, int);
    int (*v1_request_output)(struct gpiod_line *, const char *, int);
    int (*v1_get_value)(struct gpiod_line *);
    int (*v1_set_value)(struct gpiod_line *, int);
    int (*v1_event_get_fd)(struct gpiod_line *);
    int (*v1_event_wait)(struct gpiod_line *, const struct timespec *);
    int (*v1_event_read)(struct gpiod_line *, gshim_v1_event *);
    void (*v1_line_release)(struct gpiod_line *);
    // v2
    const char *(*v2_api_version)(void);
    struct gpiod_chip *(*v2_chip_open)(const char *);
    struct gpiod_line_settings *(*v2_settings_new)(void);
    void (*v2_settings_free)(struct gpiod_line_settings *);
    int (*v2_settings_set_direction)(struct gpiod_line_settings *, unsigned int);
    int (*v2_settings_set_edge_detection)(struct gpiod_line_settings *, unsigned int);
    int (*v2_settings_set_bias)(struct gpiod_line_settings *, unsigned int);
    int (*v2_settings_set_output_value)(struct gpiod_line_settings *, int);
    struct gpiod_line_config *(*v2_line_config_new)(void);
    void (*v2_line_config_free)(struct gpiod_line_config *);
    int (*v2_line_config_add_line_settings)(struct gpiod_line_config *, const unsigned int *, size_t,
                                            struct gpiod_line_settings *);
    struct gpiod_request_config *(*v2_request_config_new)(void);
    void (*v2_request_config_free)(struct gpiod_request_config *);
    void (*v2_request_config_set_consumer)(struct gpiod_request_config *, const char *);
    struct gpiod_line_request *(*v2_chip_request_lines)(struct gpiod_chip *, struct gpiod_request_config *,
                                                        struct gpiod_line_config *);
    void (*v2_request_release)(struct gpiod_line_request *);
    int (*v2_request_get_value)(struct gpiod_line_request *, unsigned int);
    int (*v2_request_set_value)(struct gpiod_line_request *, unsigned int, int);
    int (*v2_request_get_fd)(struct gpiod_line_request *);
    int (*v2_request_wait_edge_events)(struct gpiod_line_request *, int64_t);
    int (*v2_request_read_edge_events)(struct gpiod_line_request *, struct gpiod_edge_event_buffer *, size_t);
    struct gpiod_edge_event_buffer *(*v2_buffer_new)(size_t);
    void (*v2_buffer_free)(struct gpiod_edge_event_buffer *);
    struct gpiod_edge_event *(*v2_buffer_get_event)(struct gpiod_edge_event_buffer *, unsigned long);
    uint64_t (*v2_event_get_timestamp_ns)(struct gpiod_edge_event *);
    unsigned int (*v2_event_get_event_type)(struct gpiod_edge_event *);
} gshim_api;

static inline int gshim_sym(void *lib, void *slot, const char *name, gshim_api *api) {
    void *p = dlsym(lib, name);
    if (!p) { api->error = "libgpiod lacks a function the shim needs"; return 0; }
    *(void **)slot = p;
    return 1;
}

// Fills `api` from the first library in `names` (a NULL-terminated list of sonames or
// paths) that opens; v2 if it has gpiod_chip_request_lines, else v1. 1 on success,
// 0 with api->error set.
static inline int gshim_load_from(gshim_api *api, const char *const *names) {
    void *lib = NULL;
    for (; *names && !lib; names++) lib = dlopen(*names, RTLD_NOW | RTLD_LOCAL);
    if (!lib) { api->error = "libgpiod is not installed (no libgpiod.so.3 or libgpiod.so.2)"; return 0; }
    int ok = gshim_sym(lib, &api->chip_close, "gpiod_chip_close", api);
    if (dlsym(lib, "gpiod_chip_request_lines")) {
        ok = ok && gshim_sym(lib, &api->v2_api_version, "gpiod_api_version", api)
             && gshim_sym(lib, &api->v2_chip_open, "gpiod_chip_open", api)
             && gshim_sym(lib, &api->v2_settings_new, "gpiod_line_settings_new", api)
             && gshim_sym(lib, &api->v2_settings_free, "gpiod_line_settings_free", api)
             && gshim_sym(lib, &api->v2_settings_set_direction, "gpiod_line_settings_set_direction", api)
             && gshim_sym(lib, &api->v2_settings_set_edge_detection, "gpiod_line_settings_set_edge_detection", api)
             && gshim_sym(lib, &api->v2_settings_set_bias, "gpiod_line_settings_set_bias", api)
             && gshim_sym(lib, &api->v2_settings_set_output_value, "gpiod_line_settings_set_output_value", api)
             && gshim_sym(lib, &api->v2_line_config_new, "gpiod_line_config_new", api)
             && gshim_sym(lib, &api->v2_line_config_free, "gpiod_line_config_free", api)
             && gshim_sym(lib, &api->v2_line_config_add_line_settings, "gpiod_line_config_add_line_settings", api)
             && gshim_sym(lib, &api->v2_request_config_new, "gpiod_request_config_new", api)
             && gshim_sym(lib, &api->v2_request_config_free, "gpiod_request_config_free", api)
             && gshim_sym(lib, &api->v2_request_config_set_consumer, "gpiod_request_config_set_consumer", api)
             && gshim_sym(lib, &api->v2_chip_request_lines, "gpiod_chip_request_lines", api)
             && gshim_sym(lib, &api->v2_request_release, "gpiod_line_request_release", api)
             && gshim_sym(lib, &api->v2_request_get_value, "gpiod_line_request_get_value", api)
             && gshim_sym(lib, &api->v2_request_set_value, "gpiod_line_request_set_value", api)
             && gshim_sym(lib, &api->v2_request_get_fd, "gpiod_line_request_get_fd", api)
             && gshim_sym(lib, &api->v2_request_wait_edge_events, "gpiod_line_request_wait_edge_events", api)
             && gshim_sym(lib, &api->v2_request_read_edge_events, "gpiod_line_request_read_edge_events", api)
             && gshim_sym(lib, &api->v2_buffer_new, "gpiod_edge_event_buffer_new", api)
             && gshim_sym(lib, &api->v2_buffer_free, "gpiod_edge_event_buffer_free", api)
             && gshim_sym(lib, &api->v2_buffer_get_event, "gpiod_edge_event_buffer_get_event", api)
             && gshim_sym(lib, &api->v2_event_get_timestamp_ns, "gpiod_edge_event_get_timestamp_ns", api)
             && gshim_sym(lib, &api->v2_event_get_event_type, "gpiod_edge_event_get_event_type", api);
        if (ok) api->major = 2;
    } else {
        ok = ok && gshim_sym(lib, &api->v1_version_string, "gpiod_version_string", api)
             && gshim_sym(lib, &api->v1_chip_open_lookup, "gpiod_chip_open_lookup", api)
             && gshim_sym(lib, &api->v1_chip_get_line, "gpiod_chip_get_line", api)
             && gshim_sym(lib, &api->v1_request_rising, "gpiod_line_request_rising_edge_events_flags", api)
             && gshim_sym(lib, &api->v1_request_falling, "gpiod_line_request_falling_edge_events_flags", api)
             && gshim_sym(lib, &api->v1_request_both, "gpiod_line_request_both_edges_events_flags", api)
             && gshim_sym(lib, &api->v1_request_output, "gpiod_line_request_output", api)
             && gshim_sym(lib, &api->v1_get_value, "gpiod_line_get_value", api)
             && gshim_sym(lib, &api->v1_set_value, "gpiod_line_set_value", api)
             && gshim_sym(lib, &api->v1_event_get_fd, "gpiod_line_event_get_fd", api)
             && gshim_sym(lib, &api->v1_event_wait, "gpiod_line_event_wait", api)
             && gshim_sym(lib, &api->v1_event_read, "gpiod_line_event_read", api)
             && gshim_sym(lib, &api->v1_line_release, "gpiod_line_release", api);
        if (ok) api->major = 1;
    }
    if (!ok) { dlclose(lib); api->major = 0; }
    return ok;
}

// The process's table, loaded on first use (v2's soname first, then v1's). Called from
// one thread at start-up (the line requests), so no lock.
static inline gshim_api *gshim(void) {
    static gshim_api api;
    static int tried;
    if (!tried) {
        static const char *const names[] = { "libgpiod.so.3", "libgpiod.so.2", NULL };
        tried = 1;
        gshim_load_from(&api, names);
    }
    return &api;
}

typedef struct gshim_line {
    struct gpiod_chip *chip;
    unsigned int offset;
    int major;
    struct gpiod_line *line;                 // v1
    struct gpiod_line_request *req;          // v2
    struct gpiod_edge_event_buffer *buf;     // v2
} gshim_line;

// The libgpiod version string, or "" when it is not loaded.
static inline const char *gshim_version(void) {
    gshim_api *a = gshim();
    if (a->major == 1) return a->v1_version_string();
    if (a->major == 2) return a->v2_api_version();
    return "";
}

// 1 or 2; 0 when libgpiod could not be loaded (gshim_load_error says why).
static inline int gshim_api_major(void) { return gshim()->major; }

// Why libgpiod is not usable, or NULL when it is.
static inline const char *gshim_load_error(void) {
    gshim_api *a = gshim();
    return a->major ? NULL : a->error;
}

static inline void gshim_fail_free(gshim_line *l) {
    int e = errno;
    if (l->chip) gshim()->chip_close(l->chip);
    free(l);
    errno = e;
}

// Requests one line with the given settings; frees the settings objects in every case.
static inline struct gpiod_line_request *gshim_v2_request(gshim_api *a, struct gpiod_chip *chip,
                                                          unsigned int offset,
                                                          struct gpiod_line_settings *ls,
                                                          const char *consumer) {
    struct gpiod_line_config *lc = a->v2_line_config_new();
    struct gpiod_request_config *rc = a->v2_request_config_new();
    struct gpiod_line_request *req = NULL;
    if (lc && rc && a->v2_line_config_add_line_settings(lc, &offset, 1, ls) == 0) {
        a->v2_request_config_set_consumer(rc, consumer);
        req = a->v2_chip_request_lines(chip, rc, lc);
    }
    int e = errno;
    if (lc) a->v2_line_config_free(lc);
    if (rc) a->v2_request_config_free(rc);
    a->v2_settings_free(ls);
    errno = e;
    return req;
}

static inline gshim_line *gshim_new_line(unsigned int offset) {
    gshim_api *a = gshim();
    if (!a->major) { errno = GSHIM_ENOLIB; return NULL; }
    gshim_line *l = (gshim_line *)calloc(1, sizeof *l);
    if (!l) return NULL;
    l->offset = offset;
    l->major = a->major;
    return l;
}

// v1: open the chip (path, name, number or label) and take its line `offset` into `l`.
// -1 + errno on failure; the caller frees `l`.
static inline int gshim_v1_open_line(gshim_api *a, gshim_line *l, const char *chip,
                                     unsigned int offset) {
    l->chip = a->v1_chip_open_lookup(chip);
    if (!l->chip) return -1;
    l->line = a->v1_chip_get_line(l->chip, offset);
    return l->line ? 0 : -1;
}

// Input line with edge events (edge: GSHIM_EDGE_*). chip: a path such as "/dev/gpiochip0"
// (v1 also accepts "gpiochip0", "0" or a label). NULL + errno on failure (GSHIM_ENOLIB:
// libgpiod is not installed).
static inline gshim_line *gshim_request_input(const char *chip, unsigned int offset, int edge,
                                              int bias, const char *consumer) {
    gshim_line *l = gshim_new_line(offset);
    if (!l) return NULL;
    gshim_api *a = gshim();
    if (l->major == 1) {
        if (gshim_v1_open_line(a, l, chip, offset) < 0) { gshim_fail_free(l); return NULL; }
        int flags = bias == GSHIM_BIAS_PULL_UP ? GSHIM_V1_FLAG_BIAS_PULL_UP
                  : bias == GSHIM_BIAS_PULL_DOWN ? GSHIM_V1_FLAG_BIAS_PULL_DOWN : 0;
        int r = edge == GSHIM_EDGE_RISING  ? a->v1_request_rising(l->line, consumer, flags)
              : edge == GSHIM_EDGE_FALLING ? a->v1_request_falling(l->line, consumer, flags)
              : a->v1_request_both(l->line, consumer, flags);
        if (r < 0) { gshim_fail_free(l); return NULL; }
        return l;
    }
    l->chip = a->v2_chip_open(chip);
    if (!l->chip) { gshim_fail_free(l); return NULL; }
    struct gpiod_line_settings *ls = a->v2_settings_new();
    if (!ls) { gshim_fail_free(l); return NULL; }
    a->v2_settings_set_direction(ls, GSHIM_V2_DIRECTION_INPUT);
    a->v2_settings_set_edge_detection(ls, edge == GSHIM_EDGE_RISING ? GSHIM_V2_EDGE_RISING
                                        : edge == GSHIM_EDGE_FALLING ? GSHIM_V2_EDGE_FALLING
                                        : GSHIM_V2_EDGE_BOTH);
    if (bias == GSHIM_BIAS_PULL_UP) a->v2_settings_set_bias(ls, GSHIM_V2_BIAS_PULL_UP);
    if (bias == GSHIM_BIAS_PULL_DOWN) a->v2_settings_set_bias(ls, GSHIM_V2_BIAS_PULL_DOWN);
    l->req = gshim_v2_request(a, l->chip, offset, ls, consumer);
    if (!l->req) { gshim_fail_free(l); return NULL; }
    l->buf = a->v2_buffer_new(16);
    if (!l->buf) { int e = errno; a->v2_request_release(l->req); errno = e; gshim_fail_free(l); return NULL; }
    return l;
}

// Output line driven to `value` (0/1) at request time (WL_REG_ON starts low).
static inline gshim_line *gshim_request_output(const char *chip, unsigned int offset, int value,
                                               const char *consumer) {
    gshim_line *l = gshim_new_line(offset);
    if (!l) return NULL;
    gshim_api *a = gshim();
    if (l->major == 1) {
        if (gshim_v1_open_line(a, l, chip, offset) < 0) { gshim_fail_free(l); return NULL; }
        if (a->v1_request_output(l->line, consumer, value) < 0) { gshim_fail_free(l); return NULL; }
        return l;
    }
    l->chip = a->v2_chip_open(chip);
    if (!l->chip) { gshim_fail_free(l); return NULL; }
    struct gpiod_line_settings *ls = a->v2_settings_new();
    if (!ls) { gshim_fail_free(l); return NULL; }
    a->v2_settings_set_direction(ls, GSHIM_V2_DIRECTION_OUTPUT);
    a->v2_settings_set_output_value(ls, value ? GSHIM_V2_VALUE_ACTIVE : GSHIM_V2_VALUE_INACTIVE);
    l->req = gshim_v2_request(a, l->chip, offset, ls, consumer);
    if (!l->req) { gshim_fail_free(l); return NULL; }
    return l;
}

// Current level: 0/1, or -1 with errno.
static inline int gshim_get_value(gshim_line *l) {
    gshim_api *a = gshim();
    if (l->major == 1) return a->v1_get_value(l->line);
    int v = a->v2_request_get_value(l->req, l->offset);
    if (v == GSHIM_V2_VALUE_ERROR) return -1;
    return v == GSHIM_V2_VALUE_ACTIVE ? 1 : 0;
}

// Drives an output line. 0 or -1 with errno.
static inline int gshim_set_value(gshim_line *l, int value) {
    gshim_api *a = gshim();
    if (l->major == 1) return a->v1_set_value(l->line, value);
    return a->v2_request_set_value(l->req, l->offset, value ? GSHIM_V2_VALUE_ACTIVE : GSHIM_V2_VALUE_INACTIVE);
}

// File descriptor that becomes readable when edge events are queued (for epoll).
static inline int gshim_fd(gshim_line *l) {
    gshim_api *a = gshim();
    return l->major == 1 ? a->v1_event_get_fd(l->line) : a->v2_request_get_fd(l->req);
}

// 1 = events pending, 0 = timeout, -1 = error (errno set).
static inline int gshim_wait(gshim_line *l, int64_t timeout_ns) {
    gshim_api *a = gshim();
    if (l->major == 1) {
        struct timespec ts = { (time_t)(timeout_ns / 1000000000LL), (long)(timeout_ns % 1000000000LL) };
        return a->v1_event_wait(l->line, &ts);
    }
    return a->v2_request_wait_edge_events(l->req, timeout_ns);
}

// Reads one queued event (call only when the fd is readable). 0 on success;
// *rising = 1 for a rising edge, 0 for falling.
static inline int gshim_read_event(gshim_line *l, uint64_t *timestamp_ns, int *rising) {
    gshim_api *a = gshim();
    if (l->major == 1) {
        gshim_v1_event ev;
        if (a->v1_event_read(l->line, &ev) < 0) return -1;
        *timestamp_ns = (uint64_t)ev.ts.tv_sec * 1000000000ull + (uint64_t)ev.ts.tv_nsec;
        *rising = ev.event_type == GSHIM_V1_EVENT_RISING_EDGE;
        return 0;
    }
    if (a->v2_request_read_edge_events(l->req, l->buf, 1) < 1) return -1;
    struct gpiod_edge_event *ev = a->v2_buffer_get_event(l->buf, 0);
    *timestamp_ns = a->v2_event_get_timestamp_ns(ev);
    *rising = a->v2_event_get_event_type(ev) == GSHIM_V2_EVENT_RISING_EDGE;
    return 0;
}

// Releases the line and closes the chip. NULL is allowed.
static inline void gshim_release(gshim_line *l) {
    if (!l) return;
    gshim_api *a = gshim();
    if (l->major == 1) {
        a->v1_line_release(l->line);
    } else {
        if (l->buf) a->v2_buffer_free(l->buf);
        a->v2_request_release(l->req);
    }
    a->chip_close(l->chip);
    free(l);
}

#ifdef GSHIM_CHECK_AGAINST_HEADER
// Compiled only by check-libgpiod-v2.sh with the real <gpiod.h> on the include path:
// every declaration above must match the header it was written from (-Werror makes a
// mismatched pointer assignment fail).
#include <gpiod.h>
static inline void gshim_check_against_header(gshim_api *a) {
    a->chip_close = gpiod_chip_close;
#ifdef GPIOD_LINE_BULK_MAX_LINES   // v1 header
    _Static_assert(GSHIM_V1_FLAG_BIAS_PULL_DOWN == GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN, "v1 flag");
    _Static_assert(GSHIM_V1_FLAG_BIAS_PULL_UP == GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP, "v1 flag");
    _Static_assert(GSHIM_V1_EVENT_RISING_EDGE == GPIOD_LINE_EVENT_RISING_EDGE, "v1 event");
    _Static_assert(sizeof(gshim_v1_event) == sizeof(struct gpiod_line_event), "v1 event size");
    _Static_assert(offsetof(gshim_v1_event, event_type) == offsetof(struct gpiod_line_event, event_type), "v1 event");
    a->v1_version_string = gpiod_version_string;
    a->v1_chip_open_lookup = gpiod_chip_open_lookup;
    a->v1_chip_get_line = gpiod_chip_get_line;
    a->v1_request_rising = gpiod_line_request_rising_edge_events_flags;
    a->v1_request_falling = gpiod_line_request_falling_edge_events_flags;
    a->v1_request_both = gpiod_line_request_both_edges_events_flags;
    a->v1_request_output = gpiod_line_request_output;
    a->v1_get_value = gpiod_line_get_value;
    a->v1_set_value = gpiod_line_set_value;
    a->v1_event_get_fd = gpiod_line_event_get_fd;
    a->v1_event_wait = gpiod_line_event_wait;
    a->v1_event_read = (int (*)(struct gpiod_line *, gshim_v1_event *))gpiod_line_event_read;
    a->v1_line_release = gpiod_line_release;
#else                              // v2 header
    _Static_assert(GSHIM_V2_VALUE_ERROR == GPIOD_LINE_VALUE_ERROR, "v2 value");
    _Static_assert(GSHIM_V2_VALUE_INACTIVE == GPIOD_LINE_VALUE_INACTIVE, "v2 value");
    _Static_assert(GSHIM_V2_VALUE_ACTIVE == GPIOD_LINE_VALUE_ACTIVE, "v2 value");
    _Static_assert(GSHIM_V2_DIRECTION_INPUT == GPIOD_LINE_DIRECTION_INPUT, "v2 direction");
    _Static_assert(GSHIM_V2_DIRECTION_OUTPUT == GPIOD_LINE_DIRECTION_OUTPUT, "v2 direction");
    _Static_assert(GSHIM_V2_EDGE_RISING == GPIOD_LINE_EDGE_RISING, "v2 edge");
    _Static_assert(GSHIM_V2_EDGE_FALLING == GPIOD_LINE_EDGE_FALLING, "v2 edge");
    _Static_assert(GSHIM_V2_EDGE_BOTH == GPIOD_LINE_EDGE_BOTH, "v2 edge");
    _Static_assert(GSHIM_V2_BIAS_PULL_UP == GPIOD_LINE_BIAS_PULL_UP, "v2 bias");
    _Static_assert(GSHIM_V2_BIAS_PULL_DOWN == GPIOD_LINE_BIAS_PULL_DOWN, "v2 bias");
    _Static_assert(GSHIM_V2_EVENT_RISING_EDGE == GPIOD_EDGE_EVENT_RISING_EDGE, "v2 event");
    _Static_assert(sizeof(enum gpiod_line_value) == sizeof(int), "v2 enums are int-sized");
    _Static_assert(sizeof(enum gpiod_line_direction) == sizeof(int), "v2 enums are int-sized");
    a->v2_api_version = gpiod_api_version;
    a->v2_chip_open = gpiod_chip_open;
    a->v2_settings_new = gpiod_line_settings_new;
    a->v2_settings_free = gpiod_line_settings_free;
    a->v2_settings_set_direction = gpiod_line_settings_set_direction;
    a->v2_settings_set_edge_detection = gpiod_line_settings_set_edge_detection;
    a->v2_settings_set_bias = gpiod_line_settings_set_bias;
    a->v2_settings_set_output_value = gpiod_line_settings_set_output_value;
    a->v2_request_get_value = gpiod_line_request_get_value;
    a->v2_request_set_value = gpiod_line_request_set_value;
    a->v2_event_get_event_type = gpiod_edge_event_get_event_type;
    a->v2_line_config_new = gpiod_line_config_new;
    a->v2_line_config_free = gpiod_line_config_free;
    a->v2_line_config_add_line_settings = gpiod_line_config_add_line_settings;
    a->v2_request_config_new = gpiod_request_config_new;
    a->v2_request_config_free = gpiod_request_config_free;
    a->v2_request_config_set_consumer = gpiod_request_config_set_consumer;
    a->v2_chip_request_lines = gpiod_chip_request_lines;
    a->v2_request_release = gpiod_line_request_release;
    a->v2_request_get_fd = gpiod_line_request_get_fd;
    a->v2_request_wait_edge_events = gpiod_line_request_wait_edge_events;
    a->v2_request_read_edge_events = gpiod_line_request_read_edge_events;
    a->v2_buffer_new = gpiod_edge_event_buffer_new;
    a->v2_buffer_free = gpiod_edge_event_buffer_free;
    a->v2_buffer_get_event = gpiod_edge_event_buffer_get_event;
    a->v2_event_get_timestamp_ns = gpiod_edge_event_get_timestamp_ns;
#endif
}
#endif
