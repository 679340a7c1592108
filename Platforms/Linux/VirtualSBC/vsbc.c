// The virtual board's interposer: LD_PRELOAD'ed into the unmodified `tcp-keepalive run`
// binary (and real libgpiod, which stays between the binary and this file), it serves one
// spidev node and one GPIO character device the way the Linux kernel's spidev.c and
// gpiolib-cdev.c do, and forwards bus transfers and line changes to the chip process over a
// Unix socket (vsbc_wire.h). Everything else passes through to libc.
//
// Served (paths from the environment, see vsbc_config below):
//   /dev/spidevB.C     open/close; SPI_IOC_MESSAGE(n) with struct spi_ioc_transfer as
//                      <linux/spi/spidev.h> defines it; SPI_IOC_RD/WR_MODE, _MODE32,
//                      _LSB_FIRST, _BITS_PER_WORD, _MAX_SPEED_HZ (spidev.c semantics, the
//                      spi core's checks: controller mode bits, 8-bit words only, half duplex
//                      in SPI_3WIRE, spidev's 4096-byte bufsiz per direction).
//   /dev/gpiochipN     GPIO chardev v1 ioctls (chip info, line info, line handle, line event,
//                      get/set values); edge events are records on a socket the chip process
//                      writes, so read/poll/ppoll/epoll on the request fd work natively.
//   stat/lstat/access  a character device 254:N, and the sysfs "dev" attribute libgpiod 1.6
//                      checks (/sys/bus/gpio/devices/gpiochipN/dev).
// Counts every ioctl by kind and the host's epoll sleeps; writes them at exit to $VSBC_COUNTS.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <linux/gpio.h>
#include <linux/spi/spidev.h>
#include "vsbc_wire.h"

#ifndef SPI_3WIRE
#define SPI_3WIRE 0x10
#endif
#ifndef SPI_NO_CS
#define SPI_NO_CS 0x40
#endif
#ifndef SPI_MODE_USER_MASK
#define SPI_MODE_USER_MASK ((1u << 17) - 1)
#endif

#define VSBC_MAXFD 4096
#define VSBC_MAXLINES 64
#define SPIDEV_BUFSIZ 4096
#define GPIO_MAJOR 254
#define SPIDEV_MAJOR 153

// ---- libc ---------------------------------------------------------------------------
static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_close)(int);
static int (*real_ioctl)(int, unsigned long, ...);
static ssize_t (*real_read)(int, void *, size_t);
static int (*real_stat)(const char *, struct stat *);
static int (*real_lstat)(const char *, struct stat *);
static int (*real_stat64)(const char *, struct stat64 *);
static int (*real_lstat64)(const char *, struct stat64 *);
static int (*real_access)(const char *, int);
static int (*real_epoll_ctl)(int, int, int, struct epoll_event *);
static int (*real_epoll_wait)(int, struct epoll_event *, int, int);
static int (*real_ppoll)(struct pollfd *, nfds_t, const struct timespec *, const sigset_t *);
static char *(*real_realpath)(const char *, char *);

#define RESOLVE(name) do { if (!real_##name) real_##name = dlsym(RTLD_NEXT, #name); } while (0)

// ---- configuration --------------------------------------------------------------------
static struct {
    char socket[108];
    char spidev[64];
    char gpiochip[64];      // "/dev/gpiochip0"
    char chipname[32];      // "gpiochip0"
    char sysfs_dev[128];    // "/sys/bus/gpio/devices/gpiochip0/dev" (libgpiod 1.6 checks it)
    char sysfs_subsys[128]; // "/sys/dev/char/254:0/subsystem" (libgpiod 2 resolves it)
    char label[32];
    unsigned lines;
    unsigned chip_minor, spi_minor;
    uint32_t ctlr_mode_bits;   // what the SPI controller supports
    uint32_t ctlr_max_hz;
    char counts[256];
    char trace[256];
    int enabled;
} cfg;

static const char *env_or(const char *name, const char *fallback) {
    const char *v = getenv(name);
    return v && *v ? v : fallback;
}

// ---- state ----------------------------------------------------------------------------
enum vkind { VK_NONE = 0, VK_SPI, VK_CHIP, VK_HANDLE, VK_EVENT, VK_V2REQ };
struct vfd {
    int kind;
    unsigned nlines;
    unsigned offsets[VSBC_MAXLINES];
    uint32_t flags;          // GPIOHANDLE_REQUEST_* of the request (v1)
    uint64_t v2flags[VSBC_MAXLINES];   // GPIO_V2_LINE_FLAG_* per line (v2)
};
static struct vfd table[VSBC_MAXFD];

struct vline {
    int requested;
    uint32_t flags;          // GPIOHANDLE_REQUEST_*
    int out_phys;            // driven level of an output
    char consumer[32];
};
static struct vline lines[VSBC_MAXLINES];

static struct {
    uint32_t mode;           // spi->mode
    uint8_t bits;
    uint32_t speed_hz;
} spi = { 0, 8, 500000 };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int model_fd = -1;
static FILE *trace_file;

// ---- counters -------------------------------------------------------------------------
enum counter {
    C_SPI_MSG1, C_SPI_MSG2, C_SPI_MSGN, C_SPI_RD_MODE, C_SPI_WR_MODE, C_SPI_RD_MODE32, C_SPI_WR_MODE32,
    C_SPI_RD_LSB, C_SPI_WR_LSB, C_SPI_RD_BITS, C_SPI_WR_BITS, C_SPI_RD_HZ, C_SPI_WR_HZ,
    C_GPIO_CHIPINFO, C_GPIO_LINEINFO, C_GPIO_LINEHANDLE, C_GPIO_LINEEVENT, C_GPIO_GET_VALUES,
    C_GPIO_SET_VALUES, C_GPIO_OTHER, C_SPI_OTHER, C_IOCTL_REJECTED,
    C_OPEN_SPI, C_OPEN_CHIP, C_CLOSE, C_EVENT_READS, C_EVENTS_READ, C_PPOLL_LINE,
    C_EPOLL_WAITS, C_EPOLL_TIMEOUTS, C_EPOLL_HOSTWAKE, C_SPI_BYTES_OUT, C_SPI_BYTES_IN,
    C_SPI_3WIRE_MSGS, C_SPI_CS_SEGMENTS, C_V2_LINEINFO, C_V2_GET_LINE, C_V2_GET_VALUES, C_V2_SET_VALUES,
    C_V2_SET_CONFIG, C_COUNT
};
static const char *counter_names[C_COUNT] = {
    "SPI_IOC_MESSAGE(1)", "SPI_IOC_MESSAGE(2)", "SPI_IOC_MESSAGE(n>2)", "SPI_IOC_RD_MODE", "SPI_IOC_WR_MODE",
    "SPI_IOC_RD_MODE32", "SPI_IOC_WR_MODE32", "SPI_IOC_RD_LSB_FIRST", "SPI_IOC_WR_LSB_FIRST",
    "SPI_IOC_RD_BITS_PER_WORD", "SPI_IOC_WR_BITS_PER_WORD", "SPI_IOC_RD_MAX_SPEED_HZ", "SPI_IOC_WR_MAX_SPEED_HZ",
    "GPIO_GET_CHIPINFO_IOCTL", "GPIO_GET_LINEINFO_IOCTL", "GPIO_GET_LINEHANDLE_IOCTL", "GPIO_GET_LINEEVENT_IOCTL",
    "GPIOHANDLE_GET_LINE_VALUES_IOCTL", "GPIOHANDLE_SET_LINE_VALUES_IOCTL", "gpio-other-ioctl", "spi-other-ioctl",
    "ioctls-rejected", "open-spidev", "open-gpiochip", "close-virtual", "event-fd-reads", "edge-events-read",
    "ppoll-on-line-fd", "epoll_wait", "epoll_wait-timeouts", "epoll_wait-woken-by-host-wake",
    "spi-bytes-out", "spi-bytes-in", "spi-messages-in-3wire-mode", "spi-cs-framed-transactions",
    "GPIO_V2_GET_LINEINFO_IOCTL", "GPIO_V2_GET_LINE_IOCTL", "GPIO_V2_LINE_GET_VALUES_IOCTL",
    "GPIO_V2_LINE_SET_VALUES_IOCTL", "GPIO_V2_LINE_SET_CONFIG_IOCTL",
};
static uint64_t counters[C_COUNT];
static uint64_t epoll_slept_us, epoll_longest_us;

static uint64_t mono_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void trace(const char *fmt, ...) {
    if (!trace_file) return;
    struct timespec rt;
    clock_gettime(CLOCK_REALTIME, &rt);
    fprintf(trace_file, "%llu.%06ld mono=%llu ", (unsigned long long)rt.tv_sec, rt.tv_nsec / 1000,
            (unsigned long long)mono_us());
    va_list ap;
    va_start(ap, fmt);
    vfprintf(trace_file, fmt, ap);
    va_end(ap);
    fputc('\n', trace_file);
    fflush(trace_file);
}

__attribute__((constructor)) static void vsbc_init(void) {
    RESOLVE(open); RESOLVE(open64); RESOLVE(close); RESOLVE(ioctl); RESOLVE(read); RESOLVE(stat);
    RESOLVE(lstat); RESOLVE(stat64); RESOLVE(lstat64); RESOLVE(access); RESOLVE(epoll_ctl);
    RESOLVE(epoll_wait); RESOLVE(ppoll); RESOLVE(realpath);
    const char *sock = getenv("VSBC_SOCKET");
    if (!sock || !*sock) return;
    snprintf(cfg.socket, sizeof cfg.socket, "%s", sock);
    snprintf(cfg.spidev, sizeof cfg.spidev, "%s", env_or("VSBC_SPIDEV", "/dev/spidev0.0"));
    snprintf(cfg.gpiochip, sizeof cfg.gpiochip, "%s", env_or("VSBC_GPIOCHIP", "/dev/gpiochip0"));
    const char *base = strrchr(cfg.gpiochip, '/');
    snprintf(cfg.chipname, sizeof cfg.chipname, "%.31s", base ? base + 1 : cfg.gpiochip);
    snprintf(cfg.sysfs_dev, sizeof cfg.sysfs_dev, "/sys/bus/gpio/devices/%s/dev", cfg.chipname);
    snprintf(cfg.label, sizeof cfg.label, "%s", env_or("VSBC_GPIO_LABEL", "vsbc-pinctrl"));
    cfg.lines = (unsigned)strtoul(env_or("VSBC_GPIO_LINES", "58"), NULL, 0);
    if (cfg.lines > VSBC_MAXLINES) cfg.lines = VSBC_MAXLINES;
    cfg.chip_minor = (unsigned)strtoul(cfg.chipname + strcspn(cfg.chipname, "0123456789"), NULL, 10);
    snprintf(cfg.sysfs_subsys, sizeof cfg.sysfs_subsys, "/sys/dev/char/%u:%u/subsystem", GPIO_MAJOR, cfg.chip_minor);
    // spi-bcm2835 (Raspberry Pi 1-4 SPI0): CPOL | CPHA | CS_HIGH | NO_CS | 3WIRE.
    cfg.ctlr_mode_bits = (uint32_t)strtoul(env_or("VSBC_SPI_MODE_BITS", "0x57"), NULL, 0);
    cfg.ctlr_max_hz = (uint32_t)strtoul(env_or("VSBC_SPI_MAX_HZ", "125000000"), NULL, 0);
    snprintf(cfg.counts, sizeof cfg.counts, "%s", env_or("VSBC_COUNTS", ""));
    snprintf(cfg.trace, sizeof cfg.trace, "%s", env_or("VSBC_TRACE", ""));
    if (cfg.trace[0]) trace_file = fopen(cfg.trace, "we");
    cfg.enabled = 1;
}

__attribute__((destructor)) static void vsbc_fini(void) {
    // Only a process that used the board reports (not e.g. a `timeout` or `env` in front of it).
    if (!cfg.enabled || counters[C_OPEN_SPI] + counters[C_OPEN_CHIP] == 0) return;
    FILE *f = cfg.counts[0] ? fopen(cfg.counts, "we") : stderr;
    if (!f) return;
    for (int i = 0; i < C_COUNT; i++) fprintf(f, "%s %llu\n", counter_names[i], (unsigned long long)counters[i]);
    fprintf(f, "epoll-slept-ms %llu\nepoll-longest-ms %llu\n", (unsigned long long)(epoll_slept_us / 1000),
            (unsigned long long)(epoll_longest_us / 1000));
    if (f != stderr) fclose(f);
}

static struct vfd *vfd_of(int fd) {
    if (!cfg.enabled || fd < 0 || fd >= VSBC_MAXFD || table[fd].kind == VK_NONE) return NULL;
    return &table[fd];
}

// ---- the chip process -----------------------------------------------------------------
static int model_connect(void) {
    if (model_fd >= 0) return 0;
    int s = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    struct sockaddr_un a = { .sun_family = AF_UNIX };
    snprintf(a.sun_path, sizeof a.sun_path, "%s", cfg.socket);
    if (connect(s, (struct sockaddr *)&a, sizeof a) < 0) { int e = errno; real_close(s); errno = e; return -1; }
    model_fd = s;
    return 0;
}

// One request/reply. `in`/`inlen`: payload out; `out`/`outlen`: payload back (exact size).
// pass_fd >= 0 travels as SCM_RIGHTS. Returns the reply's a0 (0 or errno), or EIO.
static int model_call(struct vsbc_hdr *h, const void *in, size_t inlen, void *out, size_t outlen, int pass_fd) {
    if (model_connect() < 0) return ENXIO;
    struct iovec iov[2] = { { h, sizeof *h }, { (void *)in, inlen } };
    struct msghdr m = { .msg_iov = iov, .msg_iovlen = inlen ? 2 : 1 };
    char cbuf[CMSG_SPACE(sizeof(int))];
    if (pass_fd >= 0) {
        memset(cbuf, 0, sizeof cbuf);
        m.msg_control = cbuf;
        m.msg_controllen = sizeof cbuf;
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
    }
    if (sendmsg(model_fd, &m, MSG_NOSIGNAL) < 0) return EIO;
    uint32_t type = h->type;
    struct iovec riov[2] = { { h, sizeof *h }, { out, outlen } };
    struct msghdr r = { .msg_iov = riov, .msg_iovlen = outlen ? 2 : 1 };
    ssize_t n;
    do { n = recvmsg(model_fd, &r, 0); } while (n < 0 && errno == EINTR);
    if (n < (ssize_t)sizeof *h || h->type != type) return EIO;
    if (h->a0 == 0 && (size_t)n != sizeof *h + outlen) return EIO;
    return (int)h->a0;
}

static int set_line(unsigned offset, int phys) {
    struct vsbc_hdr h = { VSBC_SET_LINE, offset, (uint32_t)phys, 0 };
    return model_call(&h, NULL, 0, NULL, 0, -1);
}

static int get_line(unsigned offset, int *phys) {
    struct vsbc_hdr h = { VSBC_GET_LINE, offset, 0, 0 };
    int e = model_call(&h, NULL, 0, NULL, 0, -1);
    if (e == 0) *phys = h.a1 ? 1 : 0;
    return e;
}

// ---- paths ----------------------------------------------------------------------------
static int is_spidev(const char *p) { return cfg.enabled && p && strcmp(p, cfg.spidev) == 0; }
static int is_chip(const char *p) { return cfg.enabled && p && strcmp(p, cfg.gpiochip) == 0; }
static int is_sysfs_dev(const char *p) { return cfg.enabled && p && strcmp(p, cfg.sysfs_dev) == 0; }

static void fake_stat(struct stat *st, unsigned major, unsigned minor) {
    memset(st, 0, sizeof *st);
    st->st_mode = S_IFCHR | 0660;
    st->st_rdev = makedev(major, minor);
    st->st_nlink = 1;
    st->st_blksize = 4096;
}

static int fake_stat_of(const char *p, struct stat *st) {
    if (is_spidev(p)) { fake_stat(st, SPIDEV_MAJOR, cfg.spi_minor); return 1; }
    if (is_chip(p)) { fake_stat(st, GPIO_MAJOR, cfg.chip_minor); return 1; }
    if (is_sysfs_dev(p)) { memset(st, 0, sizeof *st); st->st_mode = S_IFREG | 0444; st->st_size = 4096; return 1; }
    return 0;
}

// A descriptor that stands for a device node (ioctl is served here; it is never readable).
static int new_device_fd(int kind) {
    int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (fd < 0) return -1;
    if (fd >= VSBC_MAXFD) { real_close(fd); errno = EMFILE; return -1; }
    memset(&table[fd], 0, sizeof table[fd]);
    table[fd].kind = kind;
    return fd;
}

static int open_virtual(const char *path, int flags) {
    if (is_sysfs_dev(path)) {
        char text[32];
        int n = snprintf(text, sizeof text, "%u:%u\n", GPIO_MAJOR, cfg.chip_minor);
        int fd = memfd_create("vsbc-sysfs-dev", (flags & O_CLOEXEC) ? MFD_CLOEXEC : 0);
        if (fd < 0) return -1;
        if (write(fd, text, (size_t)n) != n || lseek(fd, 0, SEEK_SET) != 0) { real_close(fd); errno = EIO; return -1; }
        return fd;
    }
    pthread_mutex_lock(&lock);
    int fd;
    if (model_connect() < 0) { pthread_mutex_unlock(&lock); errno = ENXIO; return -1; }
    if (is_spidev(path)) { fd = new_device_fd(VK_SPI); if (fd >= 0) counters[C_OPEN_SPI]++; }
    else { fd = new_device_fd(VK_CHIP); if (fd >= 0) counters[C_OPEN_CHIP]++; }
    pthread_mutex_unlock(&lock);
    if (fd >= 0) trace("open %s -> fd %d", path, fd);
    return fd;
}

int open(const char *path, int flags, ...) {
    RESOLVE(open);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, mode_t); va_end(ap); }
    if (is_spidev(path) || is_chip(path) || is_sysfs_dev(path)) return open_virtual(path, flags);
    return real_open(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    RESOLVE(open64);
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) { va_list ap; va_start(ap, flags); mode = va_arg(ap, mode_t); va_end(ap); }
    if (is_spidev(path) || is_chip(path) || is_sysfs_dev(path)) return open_virtual(path, flags);
    return real_open64(path, flags, mode);
}

int stat(const char *p, struct stat *st) { RESOLVE(stat); return fake_stat_of(p, st) ? 0 : real_stat(p, st); }
int lstat(const char *p, struct stat *st) { RESOLVE(lstat); return fake_stat_of(p, st) ? 0 : real_lstat(p, st); }
int stat64(const char *p, struct stat64 *st) {
    RESOLVE(stat64);
    return fake_stat_of(p, (struct stat *)st) ? 0 : real_stat64(p, st);
}
int lstat64(const char *p, struct stat64 *st) {
    RESOLVE(lstat64);
    return fake_stat_of(p, (struct stat *)st) ? 0 : real_lstat64(p, st);
}
int access(const char *p, int mode) {
    RESOLVE(access);
    if (is_spidev(p) || is_chip(p)) return 0;
    if (is_sysfs_dev(p)) { if (mode & (W_OK | X_OK)) { errno = EACCES; return -1; } return 0; }
    return real_access(p, mode);
}

// libgpiod 2's gpiod_check_gpiochip_device: the char device's sysfs subsystem link.
char *realpath(const char *p, char *resolved) {
    RESOLVE(realpath);
    if (cfg.enabled && p && strcmp(p, cfg.sysfs_subsys) == 0) {
        const char *target = "/sys/bus/gpio";
        if (resolved) { strcpy(resolved, target); return resolved; }
        return strdup(target);
    }
    if (is_chip(p) || is_spidev(p)) {
        if (resolved) { strcpy(resolved, p); return resolved; }
        return strdup(p);
    }
    return real_realpath(p, resolved);
}

static void release_lines(struct vfd *v) {
    for (unsigned i = 0; i < v->nlines; i++) {
        unsigned o = v->offsets[i];
        if (o >= VSBC_MAXLINES) continue;
        lines[o].requested = 0;
        lines[o].consumer[0] = 0;
        // An output keeps driving its last level after release (gpiolib leaves the pin as is).
        if (v->kind == VK_EVENT || (v->kind == VK_V2REQ && (v->v2flags[i] & (GPIO_V2_LINE_FLAG_EDGE_RISING |
                                                                           GPIO_V2_LINE_FLAG_EDGE_FALLING)))) {
            struct vsbc_hdr h = { VSBC_RELEASE_LINE, o, 0, 0 };
            (void)model_call(&h, NULL, 0, NULL, 0, -1);
        }
    }
}

int close(int fd) {
    RESOLVE(close);
    pthread_mutex_lock(&lock);
    struct vfd *v = vfd_of(fd);
    if (v) {
        if (v->kind == VK_HANDLE || v->kind == VK_EVENT || v->kind == VK_V2REQ) release_lines(v);
        counters[C_CLOSE]++;
        v->kind = VK_NONE;
    }
    pthread_mutex_unlock(&lock);
    return real_close(fd);
}

// ---- spidev ---------------------------------------------------------------------------
static int spi_set_mode(uint32_t mode) {
    if (mode & ~SPI_MODE_USER_MASK) return EINVAL;
    // spi_setup(): bits the controller does not do (beyond CS_WORD/NO_TX/NO_RX) are refused.
    uint32_t bad = mode & ~(cfg.ctlr_mode_bits | 0x3);       // CPHA/CPOL: every controller
    if (bad) return EINVAL;
    spi.mode = mode;
    return 0;
}

// One SPI_IOC_MESSAGE. Transfers between chip-select changes form one gSPI transaction: the
// bytes the chip samples (tx while it listens) and the bytes it drives once the host starts
// reading; the host's rx buffers take those in order (spidev clocks zeros where tx_buf is 0).
static int spi_message(struct spi_ioc_transfer *x, unsigned n, int *total_out) {
    uint64_t txt = 0, rxt = 0, total = 0;
    for (unsigned i = 0; i < n; i++) {
        if (x[i].tx_buf) txt += x[i].len;
        if (x[i].rx_buf) rxt += x[i].len;
        total += x[i].len;
        if (txt > SPIDEV_BUFSIZ || rxt > SPIDEV_BUFSIZ || total > 0x7fffffff) return EMSGSIZE;
        uint8_t bpw = x[i].bits_per_word ? x[i].bits_per_word : spi.bits;
        if (bpw != 8) return EINVAL;                       // controller: SPI_BPW_MASK(8)
        if (x[i].tx_nbits > 1 || x[i].rx_nbits > 1) return EINVAL;   // no dual/quad
        if ((spi.mode & SPI_3WIRE) && x[i].tx_buf && x[i].rx_buf) return EINVAL;
    }
    if (spi.mode & SPI_3WIRE) counters[C_SPI_3WIRE_MSGS]++;
    static uint8_t wbuf[SPIDEV_BUFSIZ * 2], rbuf[SPIDEV_BUFSIZ * 2];
    unsigned i = 0;
    while (i < n) {
        // One chip-select segment: transfers i..j (cs_change on a transfer ends it).
        unsigned j = i;
        while (j < n - 1 && !x[j].cs_change) j++;
        size_t wlen = 0, rlen = 0;
        int reading = 0;
        for (unsigned k = i; k <= j; k++) {
            if (x[k].rx_buf && !x[k].tx_buf) reading = 1;
            if (!reading) {
                if (x[k].tx_buf) memcpy(wbuf + wlen, (const void *)(uintptr_t)x[k].tx_buf, x[k].len);
                else memset(wbuf + wlen, 0, x[k].len);
                wlen += x[k].len;
            } else {
                rlen += x[k].len;
            }
        }
        uint32_t hz = x[i].speed_hz ? x[i].speed_hz : spi.speed_hz;
        if (hz > cfg.ctlr_max_hz) hz = cfg.ctlr_max_hz;
        struct vsbc_hdr h = { VSBC_SPI, spi.mode, hz, (uint32_t)rlen };
        int e = model_call(&h, wbuf, wlen, rbuf, rlen, -1);
        if (e) return e;
        counters[C_SPI_CS_SEGMENTS]++;
        counters[C_SPI_BYTES_OUT] += wlen;
        counters[C_SPI_BYTES_IN] += rlen;
        // Hand the chip's bytes out: 0x00 while the chip only listens (its data-out is not
        // driven then), the response stream once reading has started.
        size_t r = 0;
        reading = 0;
        for (unsigned k = i; k <= j; k++) {
            if (x[k].rx_buf && !x[k].tx_buf) reading = 1;
            if (reading) {
                if (x[k].rx_buf) memcpy((void *)(uintptr_t)x[k].rx_buf, rbuf + r, x[k].len);
                r += x[k].len;
            } else if (x[k].rx_buf) {
                memset((void *)(uintptr_t)x[k].rx_buf, 0, x[k].len);
            }
        }
        i = j + 1;
    }
    *total_out = (int)total;
    return 0;
}

static int spi_ioctl(unsigned long req, void *arg, int *ret) {
    *ret = 0;
    if (_IOC_TYPE(req) == SPI_IOC_MAGIC && _IOC_NR(req) == 0 && _IOC_DIR(req) == _IOC_WRITE) {
        unsigned size = _IOC_SIZE(req);
        if (size % sizeof(struct spi_ioc_transfer)) return EINVAL;
        unsigned n = size / sizeof(struct spi_ioc_transfer);
        counters[n == 1 ? C_SPI_MSG1 : n == 2 ? C_SPI_MSG2 : C_SPI_MSGN]++;
        if (n == 0) return 0;
        return spi_message((struct spi_ioc_transfer *)arg, n, ret);
    }
    switch (req) {
    case SPI_IOC_RD_MODE: counters[C_SPI_RD_MODE]++; *(uint8_t *)arg = (uint8_t)spi.mode; return 0;
    case SPI_IOC_RD_MODE32: counters[C_SPI_RD_MODE32]++; *(uint32_t *)arg = spi.mode; return 0;
    case SPI_IOC_WR_MODE: counters[C_SPI_WR_MODE]++; return spi_set_mode((spi.mode & ~0xffu) | *(uint8_t *)arg);
    case SPI_IOC_WR_MODE32: counters[C_SPI_WR_MODE32]++; return spi_set_mode(*(uint32_t *)arg);
    case SPI_IOC_RD_LSB_FIRST: counters[C_SPI_RD_LSB]++; *(uint8_t *)arg = (spi.mode & SPI_LSB_FIRST) ? 1 : 0; return 0;
    case SPI_IOC_WR_LSB_FIRST:
        counters[C_SPI_WR_LSB]++;
        return spi_set_mode(*(uint8_t *)arg ? (spi.mode | SPI_LSB_FIRST) : (spi.mode & ~(uint32_t)SPI_LSB_FIRST));
    case SPI_IOC_RD_BITS_PER_WORD: counters[C_SPI_RD_BITS]++; *(uint8_t *)arg = spi.bits; return 0;
    case SPI_IOC_WR_BITS_PER_WORD: {
        counters[C_SPI_WR_BITS]++;
        uint8_t b = *(uint8_t *)arg;
        if (b == 0) b = 8;
        if (b != 8) return EINVAL;
        spi.bits = b;
        return 0;
    }
    case SPI_IOC_RD_MAX_SPEED_HZ: counters[C_SPI_RD_HZ]++; *(uint32_t *)arg = spi.speed_hz; return 0;
    case SPI_IOC_WR_MAX_SPEED_HZ: {
        counters[C_SPI_WR_HZ]++;
        uint32_t hz = *(uint32_t *)arg;
        if (hz == 0) return EINVAL;
        spi.speed_hz = hz;
        return 0;
    }
    default: counters[C_SPI_OTHER]++; return ENOTTY;
    }
}

// ---- GPIO chardev v1 ------------------------------------------------------------------
static void copy_name(char *dst, const char *src) {
    size_t n = strnlen(src, GPIO_MAX_NAME_SIZE - 1);
    memcpy(dst, src, n);
    dst[n] = 0;
}

static void line_info(unsigned o, struct gpioline_info *li) {
    memset(li, 0, sizeof *li);
    li->line_offset = o;
    snprintf(li->name, sizeof li->name, "GPIO%u", o);
    struct vline *l = &lines[o];
    if (l->requested) {
        li->flags |= GPIOLINE_FLAG_KERNEL;
        copy_name(li->consumer, l->consumer);
    }
    if (l->flags & GPIOHANDLE_REQUEST_OUTPUT) li->flags |= GPIOLINE_FLAG_IS_OUT;
    if (l->flags & GPIOHANDLE_REQUEST_ACTIVE_LOW) li->flags |= GPIOLINE_FLAG_ACTIVE_LOW;
    if (l->flags & GPIOHANDLE_REQUEST_OPEN_DRAIN) li->flags |= GPIOLINE_FLAG_OPEN_DRAIN;
    if (l->flags & GPIOHANDLE_REQUEST_OPEN_SOURCE) li->flags |= GPIOLINE_FLAG_OPEN_SOURCE;
    if (l->flags & GPIOHANDLE_REQUEST_BIAS_PULL_UP) li->flags |= GPIOLINE_FLAG_BIAS_PULL_UP;
    if (l->flags & GPIOHANDLE_REQUEST_BIAS_PULL_DOWN) li->flags |= GPIOLINE_FLAG_BIAS_PULL_DOWN;
    if (l->flags & GPIOHANDLE_REQUEST_BIAS_DISABLE) li->flags |= GPIOLINE_FLAG_BIAS_DISABLE;
}

#define V1_VALID_FLAGS (GPIOHANDLE_REQUEST_INPUT | GPIOHANDLE_REQUEST_OUTPUT | GPIOHANDLE_REQUEST_ACTIVE_LOW | \
                        GPIOHANDLE_REQUEST_OPEN_DRAIN | GPIOHANDLE_REQUEST_OPEN_SOURCE | \
                        GPIOHANDLE_REQUEST_BIAS_PULL_UP | GPIOHANDLE_REQUEST_BIAS_PULL_DOWN | \
                        GPIOHANDLE_REQUEST_BIAS_DISABLE)

// gpiolib-cdev's linehandle_validate_flags.
static int v1_flags_ok(uint32_t f) {
    if (f & ~V1_VALID_FLAGS) return 0;
    if ((f & GPIOHANDLE_REQUEST_INPUT) && (f & GPIOHANDLE_REQUEST_OUTPUT)) return 0;
    if ((f & GPIOHANDLE_REQUEST_OPEN_DRAIN) && (f & GPIOHANDLE_REQUEST_OPEN_SOURCE)) return 0;
    if ((f & (GPIOHANDLE_REQUEST_OPEN_DRAIN | GPIOHANDLE_REQUEST_OPEN_SOURCE)) && !(f & GPIOHANDLE_REQUEST_OUTPUT)) return 0;
    int bias = !!(f & GPIOHANDLE_REQUEST_BIAS_PULL_UP) + !!(f & GPIOHANDLE_REQUEST_BIAS_PULL_DOWN) +
               !!(f & GPIOHANDLE_REQUEST_BIAS_DISABLE);
    if (bias > 1) return 0;
    if (bias && !(f & (GPIOHANDLE_REQUEST_INPUT | GPIOHANDLE_REQUEST_OUTPUT))) return 0;
    return 1;
}

static int linehandle(struct gpiohandle_request *r) {
    if (r->lines == 0 || r->lines > GPIOHANDLES_MAX) return EINVAL;
    if (!v1_flags_ok(r->flags)) return EINVAL;
    for (unsigned i = 0; i < r->lines; i++) {
        if (r->lineoffsets[i] >= cfg.lines) return EINVAL;
        if (lines[r->lineoffsets[i]].requested) return EBUSY;
    }
    int fd = new_device_fd(VK_HANDLE);
    if (fd < 0) return errno;
    struct vfd *v = &table[fd];
    v->nlines = r->lines;
    v->flags = r->flags;
    for (unsigned i = 0; i < r->lines; i++) {
        unsigned o = r->lineoffsets[i];
        v->offsets[i] = o;
        lines[o].requested = 1;
        lines[o].flags = r->flags;
        copy_name(lines[o].consumer, r->consumer_label[0] ? r->consumer_label : "?");
        if (r->flags & GPIOHANDLE_REQUEST_OUTPUT) {
            int phys = (r->default_values[i] ? 1 : 0) ^ ((r->flags & GPIOHANDLE_REQUEST_ACTIVE_LOW) ? 1 : 0);
            lines[o].out_phys = phys;
            int e = set_line(o, phys);
            if (e) { release_lines(v); v->kind = VK_NONE; real_close(fd); return e; }
            trace("line %u output %d (%s)", o, phys, lines[o].consumer);
        }
    }
    r->fd = fd;
    return 0;
}

static int lineevent(struct gpioevent_request *r) {
    if (r->lineoffset >= cfg.lines) return EINVAL;
    if (r->handleflags & ~V1_VALID_FLAGS) return EINVAL;
    if (r->eventflags & ~GPIOEVENT_REQUEST_BOTH_EDGES) return EINVAL;
    if (r->handleflags & (GPIOHANDLE_REQUEST_OUTPUT | GPIOHANDLE_REQUEST_OPEN_DRAIN | GPIOHANDLE_REQUEST_OPEN_SOURCE))
        return EINVAL;
    if (!v1_flags_ok(r->handleflags | GPIOHANDLE_REQUEST_INPUT)) return EINVAL;
    unsigned o = r->lineoffset;
    if (lines[o].requested) return EBUSY;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return errno;
    if (sv[0] >= VSBC_MAXFD) { real_close(sv[0]); real_close(sv[1]); return EMFILE; }
    shutdown(sv[0], SHUT_WR);
    uint32_t al = (r->handleflags & GPIOHANDLE_REQUEST_ACTIVE_LOW) ? 1 : 0;
    struct vsbc_hdr h = { VSBC_WATCH_LINE, o, r->eventflags, al | (1u << 8) };
    int e = model_call(&h, NULL, 0, NULL, 0, sv[1]);
    real_close(sv[1]);
    if (e) { real_close(sv[0]); return e; }
    memset(&table[sv[0]], 0, sizeof table[sv[0]]);
    table[sv[0]].kind = VK_EVENT;
    table[sv[0]].nlines = 1;
    table[sv[0]].offsets[0] = o;
    table[sv[0]].flags = r->handleflags | GPIOHANDLE_REQUEST_INPUT;
    lines[o].requested = 1;
    lines[o].flags = r->handleflags | GPIOHANDLE_REQUEST_INPUT;
    copy_name(lines[o].consumer, r->consumer_label[0] ? r->consumer_label : "?");
    r->fd = sv[0];
    trace("line %u edge events 0x%x (%s) -> fd %d", o, r->eventflags, lines[o].consumer, sv[0]);
    return 0;
}

// ---- GPIO chardev v2 ------------------------------------------------------------------
#define V2_EDGES (GPIO_V2_LINE_FLAG_EDGE_RISING | GPIO_V2_LINE_FLAG_EDGE_FALLING)
#define V2_BIAS (GPIO_V2_LINE_FLAG_BIAS_PULL_UP | GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN | GPIO_V2_LINE_FLAG_BIAS_DISABLED)
#define V2_VALID (GPIO_V2_LINE_FLAG_ACTIVE_LOW | GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_OUTPUT | V2_EDGES | \
                  GPIO_V2_LINE_FLAG_OPEN_DRAIN | GPIO_V2_LINE_FLAG_OPEN_SOURCE | V2_BIAS | \
                  GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME | GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE)

static int all_zero(const void *p, size_t n) {
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) if (b[i]) return 0;
    return 1;
}

// gpiolib-cdev's gpio_v2_line_flags_validate.
static int v2_flags_ok(uint64_t f) {
    if (f & ~(uint64_t)V2_VALID) return 0;
    if ((f & GPIO_V2_LINE_FLAG_EVENT_CLOCK_REALTIME) && (f & GPIO_V2_LINE_FLAG_EVENT_CLOCK_HTE)) return 0;
    if ((f & GPIO_V2_LINE_FLAG_INPUT) && (f & GPIO_V2_LINE_FLAG_OUTPUT)) return 0;
    if ((f & V2_EDGES) && !(f & GPIO_V2_LINE_FLAG_INPUT)) return 0;
    if ((f & GPIO_V2_LINE_FLAG_OPEN_DRAIN) && (f & GPIO_V2_LINE_FLAG_OPEN_SOURCE)) return 0;
    if ((f & (GPIO_V2_LINE_FLAG_OPEN_DRAIN | GPIO_V2_LINE_FLAG_OPEN_SOURCE)) && !(f & GPIO_V2_LINE_FLAG_OUTPUT)) return 0;
    int bias = !!(f & GPIO_V2_LINE_FLAG_BIAS_PULL_UP) + !!(f & GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN) +
               !!(f & GPIO_V2_LINE_FLAG_BIAS_DISABLED);
    if (bias > 1) return 0;
    if (bias && !(f & (GPIO_V2_LINE_FLAG_INPUT | GPIO_V2_LINE_FLAG_OUTPUT))) return 0;
    return 1;
}

// The same request in v1 terms, for the line table both ABIs report from.
static uint32_t v1_of_v2(uint64_t f) {
    uint32_t v = 0;
    if (f & GPIO_V2_LINE_FLAG_INPUT) v |= GPIOHANDLE_REQUEST_INPUT;
    if (f & GPIO_V2_LINE_FLAG_OUTPUT) v |= GPIOHANDLE_REQUEST_OUTPUT;
    if (f & GPIO_V2_LINE_FLAG_ACTIVE_LOW) v |= GPIOHANDLE_REQUEST_ACTIVE_LOW;
    if (f & GPIO_V2_LINE_FLAG_OPEN_DRAIN) v |= GPIOHANDLE_REQUEST_OPEN_DRAIN;
    if (f & GPIO_V2_LINE_FLAG_OPEN_SOURCE) v |= GPIOHANDLE_REQUEST_OPEN_SOURCE;
    if (f & GPIO_V2_LINE_FLAG_BIAS_PULL_UP) v |= GPIOHANDLE_REQUEST_BIAS_PULL_UP;
    if (f & GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN) v |= GPIOHANDLE_REQUEST_BIAS_PULL_DOWN;
    if (f & GPIO_V2_LINE_FLAG_BIAS_DISABLED) v |= GPIOHANDLE_REQUEST_BIAS_DISABLE;
    return v;
}

static void v2_line_info(struct gpio_v2_line_info *li) {
    unsigned o = li->offset;
    struct gpioline_info v1;
    line_info(o, &v1);
    memset(li, 0, sizeof *li);
    li->offset = o;
    memcpy(li->name, v1.name, sizeof li->name);
    memcpy(li->consumer, v1.consumer, sizeof li->consumer);
    uint32_t f = lines[o].flags;
    if (lines[o].requested) li->flags |= GPIO_V2_LINE_FLAG_USED;
    li->flags |= (f & GPIOHANDLE_REQUEST_OUTPUT) ? GPIO_V2_LINE_FLAG_OUTPUT : GPIO_V2_LINE_FLAG_INPUT;
    if (f & GPIOHANDLE_REQUEST_ACTIVE_LOW) li->flags |= GPIO_V2_LINE_FLAG_ACTIVE_LOW;
    if (f & GPIOHANDLE_REQUEST_BIAS_PULL_UP) li->flags |= GPIO_V2_LINE_FLAG_BIAS_PULL_UP;
    if (f & GPIOHANDLE_REQUEST_BIAS_PULL_DOWN) li->flags |= GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN;
    if (f & GPIOHANDLE_REQUEST_BIAS_DISABLE) li->flags |= GPIO_V2_LINE_FLAG_BIAS_DISABLED;
}

static int v2_get_line(struct gpio_v2_line_request *r) {
    if (r->num_lines == 0 || r->num_lines > GPIO_V2_LINES_MAX) return EINVAL;
    if (!all_zero(r->padding, sizeof r->padding) || !all_zero(r->config.padding, sizeof r->config.padding)) return EINVAL;
    if (r->config.num_attrs > GPIO_V2_LINE_NUM_ATTRS_MAX) return EINVAL;
    uint64_t flags[GPIO_V2_LINES_MAX];
    uint64_t outbits = 0;
    for (unsigned i = 0; i < r->num_lines; i++) {
        flags[i] = r->config.flags;
        for (unsigned a = 0; a < r->config.num_attrs; a++) {
            struct gpio_v2_line_config_attribute *at = &r->config.attrs[a];
            if (!(at->mask & (1ull << i))) continue;
            if (at->attr.id == GPIO_V2_LINE_ATTR_ID_FLAGS) flags[i] = at->attr.flags;
            else if (at->attr.id == GPIO_V2_LINE_ATTR_ID_OUTPUT_VALUES) outbits = (outbits & ~(1ull << i)) | (at->attr.values & (1ull << i));
        }
        if (!v2_flags_ok(flags[i])) return EINVAL;
        if (r->offsets[i] >= cfg.lines) return EINVAL;
        if (lines[r->offsets[i]].requested) return EBUSY;
    }
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) return errno;
    if (sv[0] >= VSBC_MAXFD) { real_close(sv[0]); real_close(sv[1]); return EMFILE; }
    shutdown(sv[0], SHUT_WR);
    struct vfd *v = &table[sv[0]];
    memset(v, 0, sizeof *v);
    v->kind = VK_V2REQ;
    for (unsigned i = 0; i < r->num_lines; i++) {
        unsigned o = r->offsets[i];
        int al = (flags[i] & GPIO_V2_LINE_FLAG_ACTIVE_LOW) ? 1 : 0;
        v->offsets[i] = o;
        v->v2flags[i] = flags[i];
        v->nlines = i + 1;
        lines[o].requested = 1;
        lines[o].flags = v1_of_v2(flags[i]);
        copy_name(lines[o].consumer, r->consumer[0] ? r->consumer : "?");
        int e = 0;
        if (flags[i] & GPIO_V2_LINE_FLAG_OUTPUT) {
            int phys = ((outbits >> i) & 1) ^ al;
            lines[o].out_phys = phys;
            e = set_line(o, phys);
            trace("line %u output %d (%s, v2)", o, phys, lines[o].consumer);
        }
        if (!e && (flags[i] & V2_EDGES)) {
            uint32_t edges = ((flags[i] & GPIO_V2_LINE_FLAG_EDGE_RISING) ? 1 : 0) |
                             ((flags[i] & GPIO_V2_LINE_FLAG_EDGE_FALLING) ? 2 : 0);
            struct vsbc_hdr h = { VSBC_WATCH_LINE, o, edges, (uint32_t)al | (2u << 8) };
            e = model_call(&h, NULL, 0, NULL, 0, sv[1]);
            trace("line %u edge events 0x%x (%s, v2) -> fd %d", o, edges, lines[o].consumer, sv[0]);
        }
        if (e) { release_lines(v); v->kind = VK_NONE; real_close(sv[0]); real_close(sv[1]); return e; }
    }
    real_close(sv[1]);
    r->fd = sv[0];
    return 0;
}

static int v2_request_ioctl(struct vfd *v, unsigned long req, void *arg) {
    struct gpio_v2_line_values *lv = arg;
    switch (req) {
    case GPIO_V2_LINE_GET_VALUES_IOCTL: {
        counters[C_V2_GET_VALUES]++;
        if (lv->mask == 0) return EINVAL;
        uint64_t bits = 0;
        for (unsigned i = 0; i < v->nlines; i++) {
            if (!(lv->mask & (1ull << i))) continue;
            unsigned o = v->offsets[i];
            int phys = lines[o].out_phys;
            if (!(v->v2flags[i] & GPIO_V2_LINE_FLAG_OUTPUT)) { int e = get_line(o, &phys); if (e) return e; }
            if (phys ^ ((v->v2flags[i] & GPIO_V2_LINE_FLAG_ACTIVE_LOW) ? 1 : 0)) bits |= 1ull << i;
        }
        lv->bits = bits;
        return 0;
    }
    case GPIO_V2_LINE_SET_VALUES_IOCTL:
        counters[C_V2_SET_VALUES]++;
        if (lv->mask == 0) return EINVAL;
        for (unsigned i = 0; i < v->nlines; i++) {
            if (!(lv->mask & (1ull << i))) continue;
            if (!(v->v2flags[i] & GPIO_V2_LINE_FLAG_OUTPUT)) return EPERM;
        }
        for (unsigned i = 0; i < v->nlines; i++) {
            if (!(lv->mask & (1ull << i))) continue;
            unsigned o = v->offsets[i];
            int phys = (int)((lv->bits >> i) & 1) ^ ((v->v2flags[i] & GPIO_V2_LINE_FLAG_ACTIVE_LOW) ? 1 : 0);
            lines[o].out_phys = phys;
            int e = set_line(o, phys);
            if (e) return e;
            trace("line %u output %d (%s, v2)", o, phys, lines[o].consumer);
        }
        return 0;
    case GPIO_V2_LINE_SET_CONFIG_IOCTL: counters[C_V2_SET_CONFIG]++; return EINVAL;   // not served
    default: counters[C_GPIO_OTHER]++; return EINVAL;
    }
}

static int chip_ioctl(unsigned long req, void *arg) {
    switch (req) {
    case GPIO_GET_CHIPINFO_IOCTL: {
        counters[C_GPIO_CHIPINFO]++;
        struct gpiochip_info *ci = arg;
        memset(ci, 0, sizeof *ci);
        copy_name(ci->name, cfg.chipname);
        copy_name(ci->label, cfg.label);
        ci->lines = cfg.lines;
        return 0;
    }
    case GPIO_GET_LINEINFO_IOCTL: {
        counters[C_GPIO_LINEINFO]++;
        struct gpioline_info *li = arg;
        if (li->line_offset >= cfg.lines) return EINVAL;
        line_info(li->line_offset, li);
        return 0;
    }
    case GPIO_GET_LINEHANDLE_IOCTL: counters[C_GPIO_LINEHANDLE]++; return linehandle(arg);
    case GPIO_GET_LINEEVENT_IOCTL: counters[C_GPIO_LINEEVENT]++; return lineevent(arg);
    case GPIO_V2_GET_LINEINFO_IOCTL: {
        counters[C_V2_LINEINFO]++;
        struct gpio_v2_line_info *li = arg;
        if (li->offset >= cfg.lines || !all_zero(li->padding, sizeof li->padding)) return EINVAL;
        v2_line_info(li);
        return 0;
    }
    case GPIO_V2_GET_LINE_IOCTL: counters[C_V2_GET_LINE]++; return v2_get_line(arg);
    default: counters[C_GPIO_OTHER]++; return EINVAL;
    }
}

static int line_ioctl(struct vfd *v, unsigned long req, void *arg) {
    struct gpiohandle_data *d = arg;
    int al = (v->flags & GPIOHANDLE_REQUEST_ACTIVE_LOW) ? 1 : 0;
    switch (req) {
    case GPIOHANDLE_GET_LINE_VALUES_IOCTL:
        counters[C_GPIO_GET_VALUES]++;
        memset(d, 0, sizeof *d);
        for (unsigned i = 0; i < v->nlines; i++) {
            unsigned o = v->offsets[i];
            int phys = lines[o].out_phys;
            if (!(v->flags & GPIOHANDLE_REQUEST_OUTPUT)) { int e = get_line(o, &phys); if (e) return e; }
            d->values[i] = (uint8_t)(phys ^ al);
        }
        return 0;
    case GPIOHANDLE_SET_LINE_VALUES_IOCTL:
        counters[C_GPIO_SET_VALUES]++;
        if (v->kind != VK_HANDLE || !(v->flags & GPIOHANDLE_REQUEST_OUTPUT)) return EPERM;
        for (unsigned i = 0; i < v->nlines; i++) {
            unsigned o = v->offsets[i];
            int phys = (d->values[i] ? 1 : 0) ^ al;
            lines[o].out_phys = phys;
            int e = set_line(o, phys);
            if (e) return e;
            trace("line %u output %d (%s)", o, phys, lines[o].consumer);
        }
        return 0;
    default: counters[C_GPIO_OTHER]++; return EINVAL;
    }
}

int ioctl(int fd, unsigned long req, ...) {
    RESOLVE(ioctl);
    va_list ap;
    va_start(ap, req);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    pthread_mutex_lock(&lock);
    struct vfd *v = vfd_of(fd);
    if (!v) { pthread_mutex_unlock(&lock); return real_ioctl(fd, req, arg); }
    int ret = 0, e;
    switch (v->kind) {
    case VK_SPI: e = spi_ioctl(req, arg, &ret); break;
    case VK_CHIP: e = chip_ioctl(req, arg); break;
    case VK_V2REQ: e = v2_request_ioctl(v, req, arg); break;
    default: e = line_ioctl(v, req, arg); break;
    }
    if (e) counters[C_IOCTL_REJECTED]++;
    pthread_mutex_unlock(&lock);
    if (e) { errno = e; return -1; }
    return ret;
}

// Edge events: whole records only, as many as fit (gpiolib-cdev's lineevent_read); EINVAL
// for a buffer smaller than one record.
ssize_t read(int fd, void *buf, size_t count) {
    RESOLVE(read);
    struct vfd *v = vfd_of(fd);
    if (!v || (v->kind != VK_EVENT && v->kind != VK_V2REQ)) return real_read(fd, buf, count);
    const size_t rec = v->kind == VK_EVENT ? sizeof(struct gpioevent_data) : sizeof(struct gpio_v2_line_event);
    if (count < rec) { errno = EINVAL; return -1; }
    ssize_t n = recv(fd, buf, rec, 0);
    if (n <= 0) return n;
    size_t done = (size_t)n;
    while (done + rec <= count) {
        ssize_t m = recv(fd, (char *)buf + done, rec, MSG_DONTWAIT);
        if (m <= 0) break;
        done += (size_t)m;
    }
    __atomic_add_fetch(&counters[C_EVENT_READS], 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&counters[C_EVENTS_READ], done / rec, __ATOMIC_RELAXED);
    trace("read %zu edge event(s) from fd %d", done / rec, fd);
    return (ssize_t)done;
}

int ppoll(struct pollfd *fds, nfds_t n, const struct timespec *t, const sigset_t *sig) {
    RESOLVE(ppoll);
    for (nfds_t i = 0; i < n; i++)
        if (vfd_of(fds[i].fd)) { __atomic_add_fetch(&counters[C_PPOLL_LINE], 1, __ATOMIC_RELAXED); break; }
    return real_ppoll(fds, n, t, sig);
}

// ---- the host's sleep -------------------------------------------------------------------
// epoll_ctl records which epoll token stands for a line's event fd, so epoll_wait can tell
// a host-wake wake from a timeout or another descriptor.
#define VSBC_MAXWATCH 8
static struct { int epfd; uint64_t token; int fd; } watches[VSBC_MAXWATCH];
static int nwatches;

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev) {
    RESOLVE(epoll_ctl);
    struct vfd *v = vfd_of(fd);
    if (v && (v->kind == VK_EVENT || v->kind == VK_V2REQ) && op == EPOLL_CTL_ADD && ev && nwatches < VSBC_MAXWATCH) {
        watches[nwatches].epfd = epfd;
        watches[nwatches].token = ev->data.u64;
        watches[nwatches].fd = fd;
        nwatches++;
        trace("epoll %d watches line fd %d", epfd, fd);
    }
    return real_epoll_ctl(epfd, op, fd, ev);
}

int epoll_wait(int epfd, struct epoll_event *evs, int max, int timeout) {
    RESOLVE(epoll_wait);
    int watched = 0;
    for (int i = 0; i < nwatches; i++) if (watches[i].epfd == epfd) watched = 1;
    if (!watched) return real_epoll_wait(epfd, evs, max, timeout);
    uint64_t t0 = mono_us();
    int n = real_epoll_wait(epfd, evs, max, timeout);
    uint64_t slept = mono_us() - t0;
    counters[C_EPOLL_WAITS]++;
    epoll_slept_us += slept;
    if (slept > epoll_longest_us) epoll_longest_us = slept;
    if (n == 0) counters[C_EPOLL_TIMEOUTS]++;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < nwatches; i++)
            if (watches[i].epfd == epfd && watches[i].token == evs[k].data.u64) {
                counters[C_EPOLL_HOSTWAKE]++;
                trace("epoll_wait woken by host-wake after %llu us (timeout %d ms)", (unsigned long long)slept, timeout);
            }
    return n;
}
