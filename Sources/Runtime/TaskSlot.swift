/// One task's bookkeeping (kept apart from its object so the hot path touches no
/// existential).
struct TaskSlot {
    var queueBase: Int32 = 0
    var queueCapacity: UInt16 = 0
    var queueHead: UInt16 = 0
    var queueCount: UInt16 = 0
    var priority: UInt8 = 0
    var nextReady: UInt8 = Scheduler.noTask
    var isReady = false
    var flags: UInt32 = 0
    var firedHead: UInt32 = TimerHeap.none
    var firedTail: UInt32 = TimerHeap.none

    @inline(__always) var hasWork: Bool {
        queueCount != 0 || flags != 0 || firedHead != TimerHeap.none
    }
}
