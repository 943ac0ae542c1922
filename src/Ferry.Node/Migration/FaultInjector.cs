using System.Diagnostics;

namespace Ferry.Node.Migration;

/// <summary>
/// Injects the fault named by <c>FERRY_FAULT=&lt;point&gt;:&lt;action&gt;</c> (e.g. <c>AfterHandover:kill</c>), read
/// once per process. Off unless set: a node in production passes every point without cost.
/// </summary>
public static class FaultInjector
{
    public const string EnvironmentVariable = "FERRY_FAULT";

    private static readonly (FaultPoint Point, FaultAction Action)? s_fault = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));

    /// <summary>The fault set for this process, if any; a malformed setting is refused loudly rather than ignored.</summary>
    public static (FaultPoint Point, FaultAction Action)? Parse(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) return null;
        var parts = setting.Split(':', 2);
        if (parts.Length != 2 || !Enum.TryParse<FaultPoint>(parts[0], ignoreCase: true, out var point) || !Enum.TryParse<FaultAction>(parts[1], ignoreCase: true, out var action))
            throw new ArgumentException($"{EnvironmentVariable}={setting}: expected <point>:<action>, points {string.Join(", ", Enum.GetNames<FaultPoint>())}, actions fail, kill");
        return (point, action);
    }

    /// <summary>Pass <paramref name="point"/>: nothing happens unless the fault set is there.</summary>
    /// <exception cref="InjectedFaultException">the fault set here is <see cref="FaultAction.Fail"/></exception>
    public static void At(FaultPoint point)
    {
        if (s_fault is not { } fault || fault.Point != point) return;
        if (fault.Action == FaultAction.Kill) Process.GetCurrentProcess().Kill();
        throw new InjectedFaultException(point);
    }
}
