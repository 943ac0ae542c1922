namespace Ferry.Node.Instances;

/// <summary>
/// An instance operation (run, restore, checkpoint, kill, migrate) that could not be done: <see cref="What"/>
/// names the operation as the user asked for it, <see cref="Why"/> says why in one line, and nothing was left
/// half-done. The CLI prints it as <c>ferry: what: why</c>; the node API returns it as a failed status.
/// </summary>
public sealed class InstanceOperationException(string what, string why, int exitCode = InstanceOperationException.DefaultExitCode)
    : Exception($"{what}: {why}")
{
    public const int DefaultExitCode = 1;

    /// <summary>The exit code of a host that could not start its app (as docker/podman: 125).</summary>
    public const int StartFailedExitCode = 125;

    public string What { get; } = what;
    public string Why { get; } = why.ReplaceLineEndings(" ");
    public int ExitCode { get; } = exitCode;
}
