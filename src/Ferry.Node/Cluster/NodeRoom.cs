namespace Ferry.Node.Cluster;

/// <summary>Whether what a move brings fits where it goes: the one line both the mover and a receiving node say when not.</summary>
public static class NodeRoom
{
    private const double MiB = 1024 * 1024;

    /// <summary>The refusal line when <paramref name="need"/> bytes do not fit in <paramref name="free"/>; null when they do.</summary>
    public static string? Shortfall(string node, long free, long need) =>
        need <= free ? null : $"node {node} has {Math.Floor(free / MiB):0} MiB free, the move needs {Math.Ceiling(need / MiB):0} MiB";
}
