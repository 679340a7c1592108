import Glibc
import CGPIOD
import Runtime

/// Every OS call the Linux platform makes, each a thin wrapper that returns the C
/// result and leaves errno for the caller (house style: C names only here and in the
/// shim headers). `Syscalls+GPIO.swift` wraps libgpiod through `CGPIOD`.
enum Syscalls {
    /// The current errno.
    static var errno: Int32 { Glibc.errno }

    /// `strerror(3)` text for an errno value.
    static func describe(errno e: Int32) -> String { String(cString: strerror(e)) }

    /// `open(2)` with O_RDWR | O_CLOEXEC.
    static func openReadWrite(_ path: String) -> Int32 { Glibc.open(path, O_RDWR | O_CLOEXEC) }

    /// `close(2)`.
    @discardableResult static func close(_ fd: Int32) -> Int32 { Glibc.close(fd) }

    /// `ioctl(2)` with a pointer argument (the Glibc overlay's non-variadic form).
    static func ioctl(_ fd: Int32, _ request: UInt, _ arg: UnsafeMutableRawPointer) -> Int32 {
        Glibc.ioctl(fd, request, arg)
    }

    /// `clock_gettime(CLOCK_MONOTONIC)` in microseconds.
    static func monotonicMicroseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000 &+ UInt64(ts.tv_nsec / 1_000)
    }

    /// `clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME)` until the given monotonic µs,
    /// restarting after signals.
    static func sleepUntilMonotonic(microseconds: UInt64) {
        var ts = timespec(tv_sec: Int(microseconds / 1_000_000),
                          tv_nsec: Int(microseconds % 1_000_000) * 1_000)
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nil) == EINTR {}
    }

    /// `epoll_create1(EPOLL_CLOEXEC)`.
    static func epollCreate() -> Int32 { epoll_create1(Int32(EPOLL_CLOEXEC)) }

    /// `epoll_ctl(EPOLL_CTL_ADD)` for readability, tagging the event with `token`.
    static func epollAddReadable(_ epfd: Int32, fd: Int32, token: UInt64) -> Int32 {
        var ev = epoll_event()
        ev.events = EPOLLIN.rawValue
        ev.data.u64 = token
        return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev)
    }

    /// `epoll_ctl(EPOLL_CTL_DEL)`.
    @discardableResult static func epollRemove(_ epfd: Int32, fd: Int32) -> Int32 {
        var ev = epoll_event()
        return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, &ev)
    }

    /// `epoll_wait(2)`: calls `body` with the token of every ready descriptor and returns
    /// the count (0 on timeout, -1 with errno; EINTR is reported as 0).
    static func epollWait(_ epfd: Int32, timeoutMilliseconds: Int32, _ body: (UInt64) -> Void) -> Int32 {
        var events = (epoll_event(), epoll_event(), epoll_event(), epoll_event())
        let n = withUnsafeMutableBytes(of: &events) { raw -> Int32 in
            let p = raw.baseAddress!.assumingMemoryBound(to: epoll_event.self)
            let n = epoll_wait(epfd, p, 4, timeoutMilliseconds)
            if n > 0 { for i in 0..<Int(n) { body(p[i].data.u64) } }
            return n
        }
        if n < 0 && Glibc.errno == EINTR { return 0 }
        return n
    }

    /// `eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)`.
    static func eventfdCreate() -> Int32 { eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC)) }

    /// Adds 1 to an eventfd counter (`write(2)` of a u64); safe from any thread.
    static func eventfdSignal(_ fd: Int32) {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    /// Reads and clears an eventfd counter (`read(2)`); 0 if it was already clear.
    @discardableResult static func eventfdDrain(_ fd: Int32) -> UInt64 {
        var value: UInt64 = 0
        return Glibc.read(fd, &value, 8) == 8 ? value : 0
    }

    /// `access(path, F_OK)`.
    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Whole-file read (`open`/`fstat`/`read`). Returns the bytes, or the errno.
    static func readFile(_ path: String) -> Result<[UInt8], FileErrno> {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return .failure(FileErrno(code: Glibc.errno)) }
        defer { _ = Glibc.close(fd) }
        var st = stat()
        if fstat(fd, &st) < 0 { return .failure(FileErrno(code: Glibc.errno)) }
        if (st.st_mode & S_IFMT) == S_IFDIR { return .failure(FileErrno(code: EISDIR)) }
        var bytes = [UInt8](repeating: 0, count: Int(st.st_size))
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, $0.count - done) }
            if n < 0 { if Glibc.errno == EINTR { continue }; return .failure(FileErrno(code: Glibc.errno)) }
            if n == 0 { break }
            done += n
        }
        bytes.removeLast(bytes.count - done)
        return .success(bytes)
    }

    /// Names in a directory matching a prefix (for "did you mean" hints), sorted.
    static func listDirectory(_ path: String, prefix: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            if name.hasPrefix(prefix) { names.append(name) }
        }
        return names.sorted()
    }
}

/// An errno from a file operation.
struct FileErrno: Error { let code: Int32 }
