// The C hooks an Embedded Swift image needs (docs/build-recipes.md §3 "Runtime symbols"),
// over newlib-nano: allocation through memalign/free with _sbrk on the BSP linker
// script's heap (__HeapBase..__HeapLimit), putchar to the debug UART, arc4random_buf for
// Hasher seeding (not for security), and the unwinder stubs the Unicode tables reference.
#include "psoc6_internal.h"
#include <errno.h>
#include <malloc.h>
#include <stddef.h>

extern uint8_t __HeapBase[], __HeapLimit[];   // BSP COMPONENT_CM4/TOOLCHAIN_GCC_ARM/linker.ld
static uint8_t *heap_top = __HeapBase;

void *_sbrk(ptrdiff_t increment) {
    if (increment < 0 || heap_top + increment > __HeapLimit) { errno = ENOMEM; return (void *)-1; }
    uint8_t *old = heap_top;
    heap_top += increment;
    return old;
}

// The counting allocator (issue 16: allocations, frees, bytes live, high-water mark): every
// Swift allocation comes through posix_memalign; psoc6.mk links with --wrap=malloc
// --wrap=free so malloc/free calls from our objects pass here too. Bytes are the chunks'
// usable sizes (what the heap really gives). Everything on the kit is device code.
void *__real_malloc(size_t size);
void __real_free(void *p);
static struct psoc6_alloc_stats alloc_stats;

static void note_alloc(void *p) {
    alloc_stats.allocations++;
    alloc_stats.bytes_in_use += (uint32_t)malloc_usable_size(p);
    if (alloc_stats.bytes_in_use > alloc_stats.peak_bytes) alloc_stats.peak_bytes = alloc_stats.bytes_in_use;
}

void *__wrap_malloc(size_t size) {
    void *p = __real_malloc(size);
    if (p != NULL) note_alloc(p);
    return p;
}

void __wrap_free(void *p) {
    if (p != NULL) {
        alloc_stats.frees++;
        alloc_stats.bytes_in_use -= (uint32_t)malloc_usable_size(p);
    }
    __real_free(p);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *)) alignment = sizeof(void *);
    void *p = memalign(alignment, size);
    if (p == NULL) return ENOMEM;
    note_alloc(p);
    *out = p;
    return 0;
}

void psoc6_alloc_stats_read(struct psoc6_alloc_stats *out) { *out = alloc_stats; }
uint32_t psoc6_heap_used(void) { return (uint32_t)(heap_top - __HeapBase); }

int putchar(int c) {
    if (c == '\n') psoc6_uart_putc('\r');   // the seed sets CY_RETARGET_IO_CONVERT_LF_TO_CRLF
    psoc6_uart_putc((uint8_t)c);
    return c;
}

void arc4random_buf(void *buf, size_t n) {
    static uint32_t x;
    if (x == 0u) x = (uint32_t)psoc6_lptimer_ticks() * 2654435761u | 1u;
    uint8_t *b = (uint8_t *)buf;
    for (size_t i = 0; i < n; i++) { x ^= x << 13; x ^= x >> 17; x ^= x << 5; b[i] = (uint8_t)x; }
}

void __aeabi_unwind_cpp_pr0(void) {}
void __aeabi_unwind_cpp_pr1(void) {}
