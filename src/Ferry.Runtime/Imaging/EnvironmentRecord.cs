namespace Ferry.Runtime.Imaging;

/// <summary>Process-level state that is not on any thread or in any static (section "environment").</summary>
public sealed class EnvironmentRecord
{
    /// <summary>The app-visible monotonic clock (Stopwatch ticks) when the image was taken.</summary>
    public long MonotonicTimestamp;

    /// <summary>The app-visible Environment.TickCount64 when the image was taken.</summary>
    public long TickCount64;

    /// <summary>How many safe points the app had passed (diagnostics).</summary>
    public long SafePoints;

    /// <summary>Extra runtime state registered by shims (locks' wait queues, tasks, ...), by name.</summary>
    public string[] ExtensionNames = [];
    public object?[] Extensions = [];
}
