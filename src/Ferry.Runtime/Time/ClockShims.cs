using System.Diagnostics;

namespace Ferry.Runtime.Time;

/// <summary>
/// The app's monotonic clocks (Stopwatch.GetTimestamp, Environment.TickCount/TickCount64). After a
/// restore they continue from where the image left them, never earlier, even on another host or
/// after a reboot: an offset carried in the image is added. Wall-clock time stays real time.
/// </summary>
public static class ClockShims
{
    private static long s_timestampOffset;
    private static long s_tickOffset;

    public static long GetTimestamp() => Stopwatch.GetTimestamp() + Volatile.Read(ref s_timestampOffset);

    public static long TickCount64() => Environment.TickCount64 + Volatile.Read(ref s_tickOffset);

    public static int TickCount() => (int)TickCount64();

    /// <summary>Restore: make the app's clocks continue no earlier than the values in the image.</summary>
    internal static void ContinueFrom(long timestamp, long tickCount64)
    {
        s_timestampOffset = Math.Max(0, timestamp - Stopwatch.GetTimestamp());
        s_tickOffset = Math.Max(0, tickCount64 - Environment.TickCount64);
    }
}
