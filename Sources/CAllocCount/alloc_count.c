#include "alloc_count.h"

#if defined(__linux__) && defined(__GLIBC__)
#include <errno.h>
#include <malloc.h>
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static __thread struct alloc_count counts;
static volatile int active;

static void note_alloc(void *p) {
    if (!p) return;
    active = 1;
    counts.allocations++;
    counts.bytes_in_use += malloc_usable_size(p);
    if (counts.bytes_in_use > counts.peak_bytes) counts.peak_bytes = counts.bytes_in_use;
}

static void note_free(void *p) {
    if (!p) return;
    counts.frees++;
    counts.bytes_in_use -= malloc_usable_size(p);
}

void *malloc(size_t n) { void *p = __libc_malloc(n); note_alloc(p); return p; }
void free(void *p) { note_free(p); __libc_free(p); }
void *calloc(size_t a, size_t b) { void *p = __libc_calloc(a, b); note_alloc(p); return p; }
void *realloc(void *old, size_t n) {
    if (!old) return malloc(n);
    size_t before = malloc_usable_size(old);
    void *p = __libc_realloc(old, n);
    if (!p) return 0;
    counts.frees++; counts.bytes_in_use -= before;
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
int alloc_count_active(void) { return active; }

#else
void alloc_count_read(struct alloc_count *out) { *out = (struct alloc_count){ 0, 0, 0, 0 }; }
int alloc_count_active(void) { return 0; }
#endif
