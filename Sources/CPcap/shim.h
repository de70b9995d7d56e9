#ifndef WSLENS_CPCAP_SHIM_H
#define WSLENS_CPCAP_SHIM_H
#include <pcap/pcap.h>
#include <stdio.h>
#include <sys/types.h>

// A flag that a signal handler or another thread sets and the capture loop reads. Swift's own
// Atomic needs macOS 15; these compiler builtins are lock-free and async-signal-safe everywhere.
static inline void CPcap_flagSet(int *flag) { __atomic_store_n(flag, 1, __ATOMIC_SEQ_CST); }
static inline int CPcap_flagIsSet(const int *flag) { return __atomic_load_n(flag, __ATOMIC_SEQ_CST); }

#if defined(__linux__)
// libpcap reads only a FILE; gzip'd and streamed captures reach it through a stdio cookie.
// glibc's fopencookie is a GNU extension that Swift's Glibc module hides (it is not built with
// _GNU_SOURCE), so it is declared here under another name, with glibc's cookie_io_functions_t.
typedef struct {
    ssize_t (*read)(void *cookie, char *buffer, size_t size);
    ssize_t (*write)(void *cookie, const char *buffer, size_t size);
    int (*seek)(void *cookie, long long *offset, int whence);
    int (*close)(void *cookie);
} CPcap_cookie_functions;
FILE *CPcap_fopencookie(void *cookie, const char *mode, CPcap_cookie_functions functions) __asm__("fopencookie");

/// A read-only FILE over `read`; `close` runs when the FILE is closed.
static inline FILE *CPcap_openReadCookie(void *cookie, ssize_t (*read)(void *, char *, size_t), int (*close)(void *)) {
    CPcap_cookie_functions functions = { read, 0, 0, close };
    return CPcap_fopencookie(cookie, "r", functions);
}
#endif
#endif
