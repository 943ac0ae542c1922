namespace Ferry.Environments.Paths;

/// <summary>
/// The /proc (and /dev) entries that lead out of any view: a process's root, cwd, executable, open file
/// descriptors, memory and environment. Refused whatever the mappings say, so even an exception for
/// /proc cannot open the host's root through /proc/self/root.
/// </summary>
public static class ProcPaths
{
    private static readonly HashSet<string> s_escapes = new(StringComparer.Ordinal)
    {
        "root", "cwd", "exe", "fd", "fdinfo", "map_files", "mem", "environ", "task", "ns", "cmdline", "maps", "smaps", "pagemap",
    };

    public static bool IsProc(string inside) => InsidePath.IsUnder(inside, "/proc");

    /// <summary>True when <paramref name="inside"/> (a normal inside path) is, or is below, one of those entries.</summary>
    public static bool IsEscape(string inside)
    {
        if (InsidePath.IsUnder(inside, "/dev/fd")) return true;
        if (!inside.StartsWith("/proc/", StringComparison.Ordinal)) return false;
        var parts = inside.Split('/');
        // "", "proc", <pid|self|thread-self>, <entry>, ...
        if (parts.Length < 3) return false;
        if (parts[2] == "thread-self") return true;
        if (parts.Length < 4) return false;
        bool processDir = parts[2] == "self" || parts[2].All(char.IsAsciiDigit);
        return processDir && s_escapes.Contains(parts[3]);
    }
}
