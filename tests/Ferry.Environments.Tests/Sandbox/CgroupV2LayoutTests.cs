using Ferry.Environments.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Environments.Tests.Sandbox;

/// <summary>
/// The cgroup v2 files the limiter writes, on a directory tree laid out like a v2 cgroup (this machine's
/// controllers are all v1, so real v2 cannot run here). What the kernel alone decides (EBUSY for a cgroup
/// holding processes, the launcher's move into its leaf) is not covered; see docs/environments-sandbox.md.
/// </summary>
public sealed class CgroupV2LayoutTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ferry-cg2-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Cgroup(string relative, string subtreeControl)
    {
        var dir = Path.Combine(_root, relative);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "cgroup.controllers"), "cpu memory pids");
        File.WriteAllText(Path.Combine(dir, "cgroup.subtree_control"), subtreeControl);
        File.WriteAllText(Path.Combine(dir, "cgroup.procs"), "");
        return dir;
    }

    [Fact]
    public void LimitsAreWrittenInV2FormatBelowOurCgroupWithTheControllersHandedDown()
    {
        var own = Cgroup("service", "");
        var limiter = new CgroupLimiter(NullLogger.Instance, () => [new CgroupHierarchy(2, new HashSet<string> { "cpu", "memory", "pids" }, own)]);
        var lease = limiter.TryCreate("inst", new SandboxLimits(MemoryBytes: 64L << 20, Cpus: 0.25, Pids: 50), out var problem);
        Assert.Null(problem);
        var dir = Assert.Single(lease!.Directories);
        Assert.Equal(Path.Combine(own, CgroupLimiter.ParentName), Path.GetDirectoryName(dir));
        Assert.Equal("+memory +cpu +pids", File.ReadAllText(Path.Combine(own, "cgroup.subtree_control")));
        Assert.Equal("+memory +cpu +pids", File.ReadAllText(Path.Combine(own, CgroupLimiter.ParentName, "cgroup.subtree_control")));
        Assert.Equal($"{64L << 20}", File.ReadAllText(Path.Combine(dir, "memory.max")));
        Assert.Equal("25000 100000", File.ReadAllText(Path.Combine(dir, "cpu.max")));
        Assert.Equal("50", File.ReadAllText(Path.Combine(dir, "pids.max")));
        Assert.Equal([Path.Combine(dir, "cgroup.procs")], lease.ProcsFiles);
    }

    [Fact]
    public void FromTheLauncherLeafTheInstancesGoBesideIt()
    {
        var own = Cgroup("service", "memory");
        var leaf = Cgroup(Path.Combine("service", CgroupLimiter.LauncherLeaf), "");
        var limiter = new CgroupLimiter(NullLogger.Instance, () => [new CgroupHierarchy(2, new HashSet<string> { "memory" }, leaf)]);
        var lease = limiter.TryCreate("inst", new SandboxLimits(MemoryBytes: 64L << 20), out var problem);
        Assert.Null(problem);
        Assert.Equal(Path.Combine(own, CgroupLimiter.ParentName), Path.GetDirectoryName(Assert.Single(lease!.Directories)));
        Assert.Equal("memory", File.ReadAllText(Path.Combine(own, "cgroup.subtree_control"))); // already enabled: left alone
    }
}
