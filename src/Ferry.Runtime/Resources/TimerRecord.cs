using Ferry.Runtime.Time;

namespace Ferry.Runtime.Resources;

/// <summary>
/// A System.Threading.Timer the app created: its callback, state and schedule, kept by Ferry because the
/// framework's timer does not say when it fires next. Guarded by its own lock.
/// </summary>
public sealed class TimerRecord
{
    public required TimerCallback Callback;
    public object? State;

    /// <summary>Milliseconds between fires, or -1 for a one-shot timer.</summary>
    public long PeriodMs = -1;

    /// <summary>When the timer fires next (app monotonic milliseconds, ClockShims.TickCount64), or -1 when it is not armed.</summary>
    public long NextDueTick = -1;

    /// <summary>Fires that happened but whose callback has not been handed to an app thread yet (it waits out a checkpoint).</summary>
    public int PendingFires;

    public bool Disposed;

    /// <summary>The framework timer that drives it; replaced on restore.</summary>
    public Timer? Timer;

    /// <summary>Arm (or with dueMs = -1 disarm) from now.</summary>
    internal void Schedule(long dueMs, long periodMs)
    {
        PeriodMs = periodMs;
        NextDueTick = dueMs < 0 ? -1 : ClockShims.TickCount64() + dueMs;
    }

    /// <summary>Milliseconds until the next fire (0 when overdue), or -1 when not armed.</summary>
    internal long RemainingDueMs() => NextDueTick < 0 ? -1 : Math.Max(0, NextDueTick - ClockShims.TickCount64());
}
