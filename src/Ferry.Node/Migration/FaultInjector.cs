using System.Diagnostics;

namespace Ferry.Node.Migration;

/// <summary>
/// Injects the fault named by <c>FERRY_FAULT=&lt;point&gt;:&lt;action&gt;[:&lt;file&gt;]</c> (e.g. <c>AfterHandover:kill</c>,
/// <c>AfterAdopt:pause:/tmp/gate</c>), read once per process. Off unless set: a node in production passes every
/// point without cost.
/// </summary>
public static class FaultInjector
{
    public const string EnvironmentVariable = "FERRY_FAULT";

    private static readonly TimeSpan s_longestPause = TimeSpan.FromMinutes(5);

    private static readonly FaultSetting? s_fault = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    private static int s_corruptNext;

    private static int s_paused;

    /// <summary>One fault: where, what, and for <see cref="FaultAction.Pause"/> the file that holds the pause.</summary>
    public sealed record FaultSetting(FaultPoint Point, FaultAction Action, string? Gate);

    /// <summary>The fault set for this process, if any; a malformed setting is refused loudly rather than ignored.</summary>
    public static FaultSetting? Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) return null;
        var parts = setting.Split(':', 3);
        if (parts.Length < 2 || !Enum.TryParse<FaultPoint>(parts[0], ignoreCase: true, out var point) || !Enum.TryParse<FaultAction>(parts[1], ignoreCase: true, out var action)
            || (action == FaultAction.Pause) != (parts.Length == 3 && parts[2].Length > 0))
            throw new ArgumentException($"{EnvironmentVariable}={setting}: expected <point>:<action>, or <point>:pause:<file>; points {string.Join(", ", Enum.GetNames<FaultPoint>())}, actions fail, kill, pause, corrupt");
        return new FaultSetting(point, action, action == FaultAction.Pause ? Path.GetFullPath(parts[2]) : null);
    }

    /// <summary>Pass <paramref name="point"/>: nothing happens unless the fault set is there.</summary>
    /// <exception cref="InjectedFaultException">the fault set here is <see cref="FaultAction.Fail"/></exception>
    public static void At(FaultPoint point)
    {
        if (s_fault is not { } fault || fault.Point != point) return;
        switch (fault.Action)
        {
            case FaultAction.Kill:
                Process.GetCurrentProcess().Kill();
                break;
            case FaultAction.Pause:
                Pause(fault.Gate!, point);
                return;
            case FaultAction.Corrupt:
                Interlocked.Exchange(ref s_corruptNext, 1);
                return;
        }
        throw new InjectedFaultException(point);
    }

    /// <summary>True once after a <see cref="FaultAction.Corrupt"/> point was passed: the caller corrupts what it sends now.</summary>
    public static bool TakeCorruption() => Interlocked.Exchange(ref s_corruptNext, 0) == 1;

    private static void Pause(string gate, FaultPoint point)
    {
        // Once per process: the test acts on one stop; a recovery passing the point again must not wait.
        if (Interlocked.Exchange(ref s_paused, 1) == 1) return;
        // Blocking (not awaiting) keeps the point a plain call; a paused move ties up one thread, in tests only.
        File.WriteAllText(gate, point.ToString());
        var until = DateTime.UtcNow + s_longestPause;
        while (File.Exists(gate) && DateTime.UtcNow < until) Thread.Sleep(20);
    }
}
