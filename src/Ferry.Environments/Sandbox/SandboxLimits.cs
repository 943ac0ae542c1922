namespace Ferry.Environments.Sandbox;

/// <summary>Resource limits on the whole sandboxed process tree; null = no limit.</summary>
/// <param name="MemoryBytes">Memory (and, where the kernel accounts it, memory + swap) the tree may use (cgroup).</param>
/// <param name="Cpus">CPU time as a fraction of cores (0.5 = half a core, 2 = two cores) (cgroup).</param>
/// <param name="Pids">How many processes and threads the tree may hold (cgroup).</param>
/// <param name="FileSizeBytes">
/// The largest file any process of the tree may write (RLIMIT_FSIZE, rounded up to whole 512-byte blocks):
/// a write past it fails with EFBIG whatever code makes it.
/// </param>
public sealed record SandboxLimits(long? MemoryBytes = null, double? Cpus = null, int? Pids = null, long? FileSizeBytes = null)
{
    public static SandboxLimits None { get; } = new();

    public bool IsEmpty => MemoryBytes is null && Cpus is null && Pids is null && FileSizeBytes is null;

    /// <summary>The cgroup controllers these limits need (memory, cpu, pids); the file size is a resource limit, not a cgroup.</summary>
    public IReadOnlyList<string> CgroupControllers()
    {
        var controllers = new List<string>();
        if (MemoryBytes is not null) controllers.Add("memory");
        if (Cpus is not null) controllers.Add("cpu");
        if (Pids is not null) controllers.Add("pids");
        return controllers;
    }
}
