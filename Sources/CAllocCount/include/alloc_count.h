// A counting allocator for the host tests (Linux): linked into a test executable, it
// interposes malloc/free/calloc/realloc/posix_memalign/aligned_alloc/memalign (the Swift
// runtime's allocations included) and forwards each to glibc's __libc_* entry points,
// counting per thread (and apart, inside alloc_count_exclude_begin/end). A synchronous test reads the counts before and after the code it
// measures; other threads (parallel tests) do not disturb them. The Embedded boards count
// in their own allocator hooks (Platforms/QEMU/Support/board.c).
#pragma once
#include <stdint.h>

struct alloc_count {
    uint64_t allocations;   // calls that returned memory (realloc of a live block counts as one)
    uint64_t frees;         // free of a non-null pointer (realloc of a live block counts as one)
    uint64_t bytes_in_use;  // malloc_usable_size of this thread's live blocks (frees of other threads' blocks subtract too)
    uint64_t peak_bytes;    // high-water mark of bytes_in_use
};

/// This thread's counts (all zero where the interposer is not built: not Linux/glibc).
void alloc_count_read(struct alloc_count *out);
/// Until the matching alloc_count_exclude_end, this thread's allocations and frees count
/// apart (alloc_count_read_excluded), not in alloc_count_read: a harness brackets the code
/// that is not the device's (the simulated chip and world) so the device's own are counted.
/// Nests.
void alloc_count_exclude_begin(void);
void alloc_count_exclude_end(void);
/// This thread's counts inside exclude_begin/end.
void alloc_count_read_excluded(struct alloc_count *out);
/// With ALLOC_COUNT_TRACE set in the environment, on = 1 prints a backtrace to stderr for
/// each of this thread's counted allocations until on = 0 (finding what allocates).
/// Returns whether tracing is on.
int alloc_count_trace(int on);
/// 1 if the interposer is active in this process (the executable's malloc is ours).
int alloc_count_active(void);
