using System.Runtime.InteropServices;

namespace Ferry.Bench.Images;

/// <summary>
/// CPU time of the calling thread. The dev machine is shared: wall time includes waiting for a core,
/// thread CPU time does not, so single-threaded phases are compared on both.
/// </summary>
public static partial class CpuClock
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Seconds of CPU this thread has used (falls back to the process's CPU time off Linux).</summary>
    public static double ThreadSeconds()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTime, out var t) == 0)
        {
            return t.Seconds + t.Nanoseconds / 1e9;
        }
        return System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }
}
