namespace Ferry.Environments.Sandbox;

/// <summary>
/// One mounted cgroup hierarchy and this process's cgroup in it: a v1 hierarchy per controller group
/// (memory, cpu, pids, ...) or the unified v2 one. Found from /proc/self/mountinfo and /proc/self/cgroup,
/// so combined mounts (cpu,cpuacct) and containers (a mount root below the hierarchy's root) work.
/// </summary>
/// <param name="Version">1 or 2.</param>
/// <param name="Controllers">v1: the controllers mounted; v2: those available to our cgroup (cgroup.controllers).</param>
/// <param name="OwnDirectory">Our own cgroup's directory in this hierarchy.</param>
internal sealed record CgroupHierarchy(int Version, IReadOnlySet<string> Controllers, string OwnDirectory)
{
    public static IReadOnlyList<CgroupHierarchy> Discover(string mountInfo = "/proc/self/mountinfo", string selfCgroup = "/proc/self/cgroup")
    {
        if (!File.Exists(mountInfo) || !File.Exists(selfCgroup)) return [];
        // /proc/self/cgroup: "id:controllers:path"; v2 is "0::path".
        var membership = new List<(string[] Controllers, string Path)>();
        foreach (var line in File.ReadLines(selfCgroup))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3) membership.Add((parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries), parts[2]));
        }
        var found = new List<CgroupHierarchy>();
        foreach (var line in File.ReadLines(mountInfo))
        {
            // "id parent major:minor root mountpoint options [optional...] - fstype source superoptions"
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0) continue;
            var fields = line[..separator].Split(' ');
            var tail = line[(separator + 3)..].Split(' ');
            if (fields.Length < 5 || tail.Length < 3) continue;
            var root = Unescape(fields[3]);
            var mountPoint = Unescape(fields[4]);
            if (tail[0] == "cgroup2")
            {
                var own = membership.FirstOrDefault(m => m.Controllers.Length == 0 && m.Path.Length > 0);
                if (own.Path is null) continue;
                var dir = Below(mountPoint, root, own.Path);
                var available = File.Exists(Path.Combine(dir, "cgroup.controllers"))
                    ? File.ReadAllText(Path.Combine(dir, "cgroup.controllers")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    : [];
                found.Add(new CgroupHierarchy(2, available.ToHashSet(), dir));
            }
            else if (tail[0] == "cgroup")
            {
                var options = tail[2].Split(',').ToHashSet();
                var own = membership.FirstOrDefault(m => m.Controllers.Length > 0 && m.Controllers.All(options.Contains));
                if (own.Path is null) continue;
                found.Add(new CgroupHierarchy(1, own.Controllers.Where(c => !c.StartsWith("name=", StringComparison.Ordinal)).ToHashSet(), Below(mountPoint, root, own.Path)));
            }
        }
        return found;
    }

    /// <summary>The directory of cgroup <paramref name="path"/> in a hierarchy mounted at <paramref name="mountPoint"/> from <paramref name="root"/>.</summary>
    private static string Below(string mountPoint, string root, string path)
    {
        var relative = root != "/" && path.StartsWith(root, StringComparison.Ordinal) ? path[root.Length..] : path;
        return Path.Join(mountPoint, relative.TrimStart('/'));
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as octal.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
