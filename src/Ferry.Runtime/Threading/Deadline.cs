using System.Diagnostics;

namespace Ferry.Runtime.Threading;

/// <summary>
/// Timeouts of blocking shims as Stopwatch deadlines (<see cref="long.MaxValue"/> = no limit), and the
/// remaining time a frame saves: time spent frozen in a checkpoint does not count against the app.
/// </summary>
internal static class Deadline
{
    public const long Infinite = long.MaxValue;

    public static long FromMilliseconds(int milliseconds) =>
        milliseconds == Timeout.Infinite ? Infinite : Stopwatch.GetTimestamp() + milliseconds * Stopwatch.Frequency / 1000;

    /// <summary>Saved remaining ticks (-1 = no limit) back to a deadline.</summary>
    public static long FromRemaining(long remainingTicks) =>
        remainingTicks < 0 ? Infinite : Stopwatch.GetTimestamp() + remainingTicks;

    /// <summary>What a frame saves: the ticks left (never negative), or -1 for no limit.</summary>
    public static long Remaining(long deadline) =>
        deadline == Infinite ? -1 : Math.Max(0, deadline - Stopwatch.GetTimestamp());

    /// <summary>Milliseconds left for a wait: Timeout.Infinite, 0 when passed, else at least 1.</summary>
    public static int LeftMs(long deadline) =>
        deadline == Infinite ? Timeout.Infinite : ThreadShims.TicksToMs(deadline - Stopwatch.GetTimestamp());

    /// <summary>A TimeSpan timeout as the milliseconds the framework APIs take (same validation).</summary>
    public static int ToMilliseconds(TimeSpan timeout, string paramName)
    {
        var ms = (long)timeout.TotalMilliseconds;
        if (ms < Timeout.Infinite || ms > int.MaxValue) throw new ArgumentOutOfRangeException(paramName, timeout, "The timeout must be -1 ms or between 0 and Int32.MaxValue ms.");
        return (int)ms;
    }
}
