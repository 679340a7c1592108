import Runtime

/// Why the application's tasks could not be registered (the scheduler's tables are
/// too small for the board configuration).
public enum AppStartError: Error, Equatable {
    case spawn(SpawnError)
    case timer(TimerError)
}
