using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ferry.Bench.Weaving;

/// <summary>
/// CPU time consumed by this process (all its threads: the workload's, GC work done on them, the
/// workload's own threads). On a shared, loaded machine it excludes the time the process sat waiting
/// for a CPU, which wall-clock time does not.
/// </summary>
public static partial class CpuClock
{
    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec value);

    public static bool IsPrecise { get; } = OperatingSystem.IsLinux() && Probe();

    private static bool Probe()
    {
        try
        {
            return ClockGetTime(ClockProcessCpuTimeId, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Process CPU time in milliseconds (nanosecond resolution on Linux).</summary>
    public static double ProcessMilliseconds()
    {
        if (IsPrecise)
        {
            ClockGetTime(ClockProcessCpuTimeId, out var ts);
            return ts.Seconds * 1e3 + ts.Nanoseconds / 1e6;
        }
        return Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
    }
}
