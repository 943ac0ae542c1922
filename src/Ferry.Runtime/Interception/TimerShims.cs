using Ferry.Runtime.Resources;

namespace Ferry.Runtime.Interception;

/// <summary>
/// System.Threading.Timer in app code. The framework timer only keeps time; when it fires, the app's
/// callback runs as an app work item (so a checkpoint can park it), and never while a checkpoint or
/// restore is under way (the fire waits in <see cref="TimerDispatcher"/>, counted as pending in the image). Ferry keeps each timer's
/// schedule in a <see cref="TimerRecord"/> so an image can re-arm it with the time that was left.
/// </summary>
public static class TimerShims
{
    public static Timer Create(TimerCallback callback)
    {
        var timer = Create(callback, null, Timeout.Infinite, Timeout.Infinite);
        // The framework passes the timer itself as the state of this overload.
        ResourceTable.FindTimer(timer)!.State = timer;
        return timer;
    }

    public static Timer Create(TimerCallback callback, object? state, int dueTime, int period) =>
        Arm(callback, state, Check(dueTime, nameof(dueTime)), Check(period, nameof(period)));

    public static Timer Create(TimerCallback callback, object? state, long dueTime, long period) =>
        Arm(callback, state, Check(dueTime, nameof(dueTime)), Check(period, nameof(period)));

    public static Timer Create(TimerCallback callback, object? state, uint dueTime, uint period) =>
        Arm(callback, state, FromUnsigned(dueTime), FromUnsigned(period));

    public static Timer Create(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Arm(callback, state, Check((long)dueTime.TotalMilliseconds, nameof(dueTime)), Check((long)period.TotalMilliseconds, nameof(period)));

    private static long Check(long ms, string name)
    {
        if (ms < -1) throw new ArgumentOutOfRangeException(name, "Number must be either non-negative and less than or equal to Int32.MaxValue or -1.");
        if (ms > 0xfffffffe) throw new ArgumentOutOfRangeException(name, "Time-out interval must be less than 2^32-2.");
        return ms;
    }

    private static long FromUnsigned(uint ms) => ms == uint.MaxValue ? -1 : ms;

    private static Timer Arm(TimerCallback callback, object? state, long dueMs, long periodMs)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var record = new TimerRecord { Callback = callback, State = state };
        return Start(record, dueMs, periodMs);
    }

    /// <summary>Create the framework timer of a record and arm it (new timers, and restored ones).</summary>
    internal static Timer Start(TimerRecord record, long dueMs, long periodMs)
    {
        var timer = new Timer(Fire, record, Timeout.Infinite, Timeout.Infinite);
        record.Timer = timer;
        ResourceTable.AddTimer(timer, record);
        lock (record)
        {
            record.Schedule(dueMs, periodMs);
            timer.Change(dueMs, periodMs);
        }
        return timer;
    }

    private static readonly List<(TimerRecord Record, long DueMs)> s_toArm = new();

    /// <summary>Restore: a timer from the image, armed only once every thread is whole (<see cref="ArmRestored"/>).</summary>
    internal static Timer Restored(TimerRecord record, long dueMs)
    {
        var timer = new Timer(Fire, record, Timeout.Infinite, Timeout.Infinite);
        record.Timer = timer;
        ResourceTable.AddTimer(timer, record);
        lock (s_toArm) s_toArm.Add((record, dueMs));
        return timer;
    }

    /// <summary>Restore is complete: arm the restored timers with the time they had left, and run the fires they owed.</summary>
    internal static void ArmRestored()
    {
        (TimerRecord Record, long DueMs)[] pending;
        lock (s_toArm)
        {
            pending = s_toArm.ToArray();
            s_toArm.Clear();
        }
        foreach (var (record, dueMs) in pending)
        {
            lock (record)
            {
                if (record.Disposed) continue;
                record.Schedule(dueMs, record.PeriodMs);
                record.Timer!.Change(dueMs, record.PeriodMs);
            }
            if (record.PendingFires > 0) TimerDispatcher.Post(record);
        }
    }

    public static bool Change(Timer timer, int dueTime, int period) => Change(timer, Check(dueTime, nameof(dueTime)), Check(period, nameof(period)));

    public static bool Change(Timer timer, uint dueTime, uint period) => Change(timer, FromUnsigned(dueTime), FromUnsigned(period));

    public static bool Change(Timer timer, TimeSpan dueTime, TimeSpan period) =>
        Change(timer, Check((long)dueTime.TotalMilliseconds, nameof(dueTime)), Check((long)period.TotalMilliseconds, nameof(period)));

    public static bool Change(Timer timer, long dueTime, long period)
    {
        Check(dueTime, nameof(dueTime));
        Check(period, nameof(period));
        if (ResourceTable.FindTimer(timer) is not { } record) return timer.Change(dueTime, period);
        lock (record)
        {
            if (!timer.Change(dueTime, period)) return false;
            record.Schedule(dueTime, period);
            return true;
        }
    }

    public static void Dispose(Timer timer)
    {
        if (ResourceTable.FindTimer(timer) is { } record)
            lock (record) record.Disposed = true;
        timer.Dispose();
    }

    public static bool Dispose(Timer timer, WaitHandle notifyObject)
    {
        if (ResourceTable.FindTimer(timer) is { } record)
            lock (record) record.Disposed = true;
        return timer.Dispose(notifyObject);
    }

    /// <summary>The framework timer fired (on a pool thread, not an app thread).</summary>
    private static void Fire(object? state)
    {
        var record = (TimerRecord)state!;
        lock (record)
        {
            if (record.Disposed) return;
            record.PendingFires++;
            record.NextDueTick = record.PeriodMs <= 0 ? -1 : Time.ClockShims.TickCount64() + record.PeriodMs;
        }
        TimerDispatcher.Post(record);
    }
}
