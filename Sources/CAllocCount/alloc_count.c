#include "alloc_count.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <execinfo.h>
#include <stdlib.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static __thread struct alloc_count counts;
// What this thread allocated inside alloc_count_exclude_begin/end (the simulated hardware).
static __thread struct alloc_count excluded;
static __thread int exclude_depth;
static volatile int active;
static __thread int tracing, in_trace;

// A backtrace of a counted allocation to stderr (addresses as object(+offset): feed them to
// llvm-symbolizer --obj=<object> and swift-demangle).
static void trace_alloc(size_t size) {
    if (in_trace) return;
    in_trace = 1;
    void *frames[24];
    int n = backtrace(frames, 24);
    char head[64];
    int k = 0;
    const char *t = "alloc_count: device allocation of ";
    while (*t) head[k++] = *t++;
    char digits[24]; int d = 0;
    do { digits[d++] = (char)('0' + size % 10); size /= 10; } while (size && d < 24);
    while (d) head[k++] = digits[--d];
    t = " B at\n";
    while (*t) head[k++] = *t++;
    (void)!write(2, head, (size_t)k);
    backtrace_symbols_fd(frames, n, 2);
    in_trace = 0;
}

static void note_alloc(void *p) {
    if (!p) return;
    active = 1;
    if (tracing && !exclude_depth) trace_alloc(malloc_usable_size(p));
    struct alloc_count *c = exclude_depth ? &excluded : &counts;
    c->allocations++;
    c->bytes_in_use += malloc_usable_size(p);
    if (c->bytes_in_use > c->peak_bytes) c->peak_bytes = c->bytes_in_use;
}

static void note_free(void *p) {
    if (!p) return;
    struct alloc_count *c = exclude_depth ? &excluded : &counts;
    c->frees++;
    c->bytes_in_use -= malloc_usable_size(p);
}

void *malloc(size_t n) { void *p = __libc_malloc(n); note_alloc(p); return p; }
void free(void *p) { note_free(p); __libc_free(p); }
void *calloc(size_t a, size_t b) { void *p = __libc_calloc(a, b); note_alloc(p); return p; }
void *realloc(void *old, size_t n) {
    if (!old) return malloc(n);
    size_t before = malloc_usable_size(old);
    void *p = __libc_realloc(old, n);
    if (!p) return 0;
    struct alloc_count *c = exclude_depth ? &excluded : &counts;
    c->frees++; c->bytes_in_use -= before;
    note_alloc(p);
    return p;
}
void *memalign(size_t align, size_t n) { void *p = __libc_memalign(align, n); note_alloc(p); return p; }
void *aligned_alloc(size_t align, size_t n) { return memalign(align, n); }
int posix_memalign(void **out, size_t align, size_t n) {
    void *p = __libc_memalign(align, n);
    if (!p) return ENOMEM;
    note_alloc(p);
    *out = p;
    return 0;
}

void alloc_count_read(struct alloc_count *out) { *out = counts; }
void alloc_count_read_excluded(struct alloc_count *out) { *out = excluded; }
void alloc_count_exclude_begin(void) { exclude_depth++; }
void alloc_count_exclude_end(void) { if (exclude_depth > 0) exclude_depth--; }
int alloc_count_active(void) { return active; }
int alloc_count_trace(int on) {
    if (on && !getenv("ALLOC_COUNT_TRACE")) return 0;
    if (on) { void *f[2]; in_trace = 1; backtrace(f, 2); in_trace = 0; }   // loads the unwinder first
    tracing = on;
    return on;
}

#else
void alloc_count_read(struct alloc_count *out) { *out = (struct alloc_count){ 0, 0, 0, 0 }; }
void alloc_count_read_excluded(struct alloc_count *out) { *out = (struct alloc_count){ 0, 0, 0, 0 }; }
void alloc_count_exclude_begin(void) {}
void alloc_count_exclude_end(void) {}
int alloc_count_active(void) { return 0; }
int alloc_count_trace(int on) { (void)on; return 0; }
#endif
