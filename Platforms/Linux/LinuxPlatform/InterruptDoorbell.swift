import Runtime

/// Lets any thread (a helper thread, a signal-handling thread, a test) raise an
/// interrupt line for the thread that runs the scheduler: raises the line in the
/// runtime's `InterruptMailbox`, then writes the eventfd that sits in the platform's
/// epoll set so a sleeping `epoll_wait` returns.
public final class InterruptDoorbell: Sendable {
    public let mailbox: InterruptMailbox
    /// The eventfd in the platform's epoll set.
    let fd: Int32

    init(mailbox: InterruptMailbox, fd: Int32) {
        self.mailbox = mailbox
        self.fd = fd
    }

    /// Raises `line` (0...31) and wakes the sleeping platform. Safe from any thread.
    public func post(_ line: UInt8) {
        mailbox.raise(line)
        Syscalls.eventfdSignal(fd)
    }
}
