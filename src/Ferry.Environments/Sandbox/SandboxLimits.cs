namespace Ferry.Environments.Sandbox;

/// <summary>Resource limits on the whole sandboxed process tree, enforced with cgroups; null = no limit.</summary>
/// <param name="MemoryBytes">Memory (and, where the kernel accounts it, memory + swap) the tree may use.</param>
/// <param name="Cpus">CPU time as a fraction of cores (0.5 = half a core, 2 = two cores).</param>
/// <param name="Pids">How many processes and threads the tree may hold.</param>
public sealed record SandboxLimits(long? MemoryBytes = null, double? Cpus = null, int? Pids = null)
{
    public static SandboxLimits None { get; } = new();

    public bool IsEmpty => MemoryBytes is null && Cpus is null && Pids is null;
}
