import Synchronization

/// 32 interrupt lines, raised from anywhere (an ISR on the board, another thread
/// or a signal handler on Linux, a virtual device in the simulation) and collected by
/// the scheduler. A line is a doorbell: raising it twice before the scheduler looks is
/// one event (the handler re-reads its device), so nothing can overflow.
///
/// One `Atomic<UInt32>` bitmask (`ldrex`/`strex` on armv7em, lock-free everywhere);
/// `raise` is the only call an ISR may make into the runtime.
public final class InterruptMailbox: Sendable {
    private let bits = Atomic<UInt32>(0)

    /// The line the platform's timer alarm raises (`Platform.setAlarm`); the scheduler
    /// keeps it for itself, so devices have lines 0...30.
    public static let alarmLine: UInt8 = 31
    public static let alarmBit: UInt32 = 1 << 31

    public init() {}

    /// Marks `line` (0...31; higher values wrap) pending. ISR- and thread-safe.
    @inline(__always)
    public func raise(_ line: UInt8) {
        bits.bitwiseOr(1 &<< UInt32(line & 31), ordering: .releasing)
    }

    /// Whether any line is pending. The platform's `sleep(until:)` checks this with
    /// interrupts masked right before it sleeps.
    @inline(__always)
    public var hasPending: Bool { bits.load(ordering: .acquiring) != 0 }

    /// The pending lines, without clearing them.
    public var pending: UInt32 { bits.load(ordering: .acquiring) }

    /// Takes (and clears) every pending line.
    @inline(__always)
    public func takeAll() -> UInt32 { bits.exchange(0, ordering: .acquiringAndReleasing) }
}

/// A platform that owns an interrupt mailbox and honours the idle contract:
///
/// `sleep(until:)` is entered with nothing ready. It must mask interrupts, return at
/// once if `interrupts.hasPending`, else program its wake-up timer for the deadline and
/// sleep in a way that re-enables interrupts atomically (Cortex-M: `cpsid i; wfi; cpsie i`,
/// as QP's `QV_CPU_SLEEP`; Linux: epoll on an eventfd that `raise` callers write to;
/// virtual: jump the clock). An ISR that runs between the scheduler's last check and
/// the sleep therefore cannot be lost: WFI wakes on a pending interrupt even while
/// PRIMASK is set. Its `setAlarm` raises `InterruptMailbox.alarmLine` on `interrupts`.
public protocol InterruptingPlatform: Platform {
    var interrupts: InterruptMailbox { get }
}
