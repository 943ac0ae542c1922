using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Ferry.Environments.Sandbox;

/// <summary>
/// Creates the cgroup an instance's process tree is limited by: &lt;own cgroup&gt;/ferry/&lt;instance&gt;.&lt;launcher pid&gt;
/// in each hierarchy holding a needed controller, v1 first (memory.limit_in_bytes, cpu.cfs_quota_us,
/// pids.max), else v2 (memory.max, cpu.max, pids.max). Nested under our own cgroup so whatever limits
/// the caller lives under still apply.
/// </summary>
internal sealed class CgroupLimiter(ILogger logger, Func<IReadOnlyList<CgroupHierarchy>>? discover = null)
{
    public const string ParentName = "ferry";

    /// <summary>The CFS period: 100 ms, the kernel's default.</summary>
    private const long PeriodMicroseconds = 100_000;

    /// <summary>Create and configure the cgroup; null with <paramref name="problem"/> (one line) when it cannot be done.</summary>
    public CgroupLease? TryCreate(string instanceName, SandboxLimits limits, out string? problem)
    {
        problem = null;
        var needed = limits.CgroupControllers();
        if (needed.Count == 0) return null;
        var hierarchies = (discover ?? (() => CgroupHierarchy.Discover()))();

        var plan = new Dictionary<CgroupHierarchy, List<string>>();
        foreach (var controller in needed)
        {
            var hierarchy = hierarchies.FirstOrDefault(h => h.Version == 1 && h.Controllers.Contains(controller))
                ?? hierarchies.FirstOrDefault(h => h.Version == 2 && h.Controllers.Contains(controller));
            if (hierarchy is null)
            {
                problem = $"limits not enforced: no cgroup {controller} controller is available";
                return null;
            }
            if (!plan.TryGetValue(hierarchy, out var list)) plan[hierarchy] = list = [];
            list.Add(controller);
        }

        var byController = new Dictionary<string, string>();
        var created = new List<string>();
        try
        {
            foreach (var (hierarchy, controllers) in plan)
            {
                var dir = CreateInstanceDirectory(hierarchy, controllers, instanceName);
                created.Add(dir);
                foreach (var controller in controllers)
                {
                    Apply(hierarchy.Version, dir, controller, limits);
                    byController[controller] = dir;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            foreach (var dir in created) CgroupLease.RemoveDirectory(dir, attempts: 1);
            problem = $"limits not enforced: cannot set up a cgroup ({e.Message.TrimEnd('.')})";
            return null;
        }
        logger.LogDebug("cgroups for {Instance}: {Directories}", instanceName, string.Join(", ", created));
        return new CgroupLease(byController, logger);
    }

    private static string CreateInstanceDirectory(CgroupHierarchy hierarchy, IReadOnlyList<string> controllers, string instanceName)
    {
        var baseDirectory = hierarchy.Version == 2 ? V2Base(hierarchy.OwnDirectory, controllers) : hierarchy.OwnDirectory;
        var parent = Path.Combine(baseDirectory, ParentName);
        // Another launch may remove the empty parent between our mkdirs: retry from the top.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                Directory.CreateDirectory(parent);
                if (hierarchy.Version == 2) EnableControllers(parent, controllers);
                SweepStale(parent);
                var name = $"{instanceName}.{Environment.ProcessId}";
                var dir = Path.Combine(parent, name);
                for (var n = 1; Directory.Exists(dir) && !CgroupLease.RemoveDirectory(dir, attempts: 1); n++)
                    dir = Path.Combine(parent, $"{name}-{n}");
                Directory.CreateDirectory(dir);
                return dir;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>
    /// Where v2 instance cgroups go: our own cgroup, with the controllers enabled in its
    /// cgroup.subtree_control (v2 hands a controller to children only so). But a non-root cgroup that holds
    /// processes cannot enable controllers (EBUSY: the "no internal processes" rule), and ours holds at
    /// least this process. When this process is all it holds (a delegated scope or service started for
    /// Ferry), the process moves into a leaf of its own (<see cref="LauncherLeaf"/>) first, as systemd's
    /// delegation model asks; a later launch from that leaf uses its parent. A cgroup shared with other
    /// processes (a login session) is not reorganised: that is refused with the reason.
    /// </summary>
    private static string V2Base(string own, IReadOnlyList<string> controllers)
    {
        if (Path.GetFileName(own) == LauncherLeaf) own = Path.GetDirectoryName(own)!;
        if (Enabled(own, controllers)) return own;
        try
        {
            EnableControllers(own, controllers);
            return own;
        }
        catch (IOException) when (File.Exists(Path.Combine(own, "cgroup.procs")))
        {
            // EBUSY: processes in our cgroup. Only ours may be moved.
        }
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var others = File.ReadAllLines(Path.Combine(own, "cgroup.procs")).Where(p => p.Length > 0 && p != self).ToList();
        if (others.Count > 0)
            throw new IOException($"cgroup v2 {own} holds other processes ({others.Count}), so it cannot give controllers to sub-cgroups; start Ferry in a cgroup of its own (e.g. systemd-run --scope -p Delegate=yes)");
        var leaf = Path.Combine(own, LauncherLeaf);
        Directory.CreateDirectory(leaf);
        File.WriteAllText(Path.Combine(leaf, "cgroup.procs"), self);
        EnableControllers(own, controllers);
        return own;
    }

    /// <summary>The leaf this process moves into so that its own v2 cgroup can hand controllers down.</summary>
    internal const string LauncherLeaf = "ferry-launcher";

    private static bool Enabled(string dir, IReadOnlyList<string> controllers)
    {
        var file = Path.Combine(dir, "cgroup.subtree_control");
        return File.Exists(file) && controllers.All(File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains);
    }

    /// <summary>v2 only hands a controller to children enabled in the parent's cgroup.subtree_control.</summary>
    private static void EnableControllers(string dir, IReadOnlyList<string> controllers)
    {
        var file = Path.Combine(dir, "cgroup.subtree_control");
        // The kernel makes the file with the directory; a look-alike tree in tests may not have it yet.
        var enabled = (File.Exists(file) ? File.ReadAllText(file) : "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var missing = controllers.Where(c => !enabled.Contains(c)).ToList();
        if (missing.Count > 0) File.WriteAllText(file, string.Join(' ', missing.Select(c => "+" + c)));
    }

    /// <summary>Remove cgroups whose launcher is gone and which no process uses (rmdir refuses busy ones).</summary>
    private static void SweepStale(string parent)
    {
        foreach (var dir in Directory.EnumerateDirectories(parent))
        {
            var name = Path.GetFileName(dir);
            var dot = name.LastIndexOf('.');
            var pidText = dot < 0 ? "" : name[(dot + 1)..].Split('-')[0];
            if (int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}"))
                CgroupLease.RemoveDirectory(dir, attempts: 1);
        }
    }

    private static void Apply(int version, string dir, string controller, SandboxLimits limits)
    {
        switch (controller, version)
        {
            case ("memory", 1):
                Write(dir, "memory.limit_in_bytes", limits.MemoryBytes!.Value);
                // Without it the tree would swap past the limit instead of being stopped.
                TryWrite(dir, "memory.memsw.limit_in_bytes", limits.MemoryBytes.Value);
                break;
            case ("memory", 2):
                Write(dir, "memory.max", limits.MemoryBytes!.Value);
                TryWrite(dir, "memory.swap.max", 0);
                break;
            case ("cpu", 1):
                Write(dir, "cpu.cfs_period_us", PeriodMicroseconds);
                Write(dir, "cpu.cfs_quota_us", Quota(limits.Cpus!.Value));
                break;
            case ("cpu", 2):
                File.WriteAllText(Path.Combine(dir, "cpu.max"), $"{Quota(limits.Cpus!.Value)} {PeriodMicroseconds}");
                break;
            case ("pids", _):
                Write(dir, "pids.max", limits.Pids!.Value);
                break;
        }
    }

    /// <summary>The CFS quota per period for a fraction of cores; the kernel refuses less than 1 ms.</summary>
    internal static long Quota(double cpus) => Math.Max(1000, (long)Math.Round(cpus * PeriodMicroseconds));

    private static void Write(string dir, string file, long value) =>
        File.WriteAllText(Path.Combine(dir, file), value.ToString(CultureInfo.InvariantCulture));

    private static void TryWrite(string dir, string file, long value)
    {
        if (!File.Exists(Path.Combine(dir, file))) return;
        try
        {
            Write(dir, file, value);
        }
        catch (IOException)
        {
            // Swap accounting switched off in the kernel: the memory limit alone still holds.
        }
    }
}
