namespace Ferry.Environments.Definition;

/// <summary>Resource limits (the <c>limits</c> table). Memory and CPU are enforced by the sandbox (cgroups); file size by the view.</summary>
public sealed record Limits
{
    public static readonly Limits None = new();

    public long? MemoryBytes { get; init; }

    /// <summary>CPUs the environment may use (0.5 = half of one).</summary>
    public double? Cpus { get; init; }

    public long? FileSizeBytes { get; init; }
}
