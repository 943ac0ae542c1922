namespace Ferry.Environments.Paths;

/// <summary>
/// Inside paths are absolute, '/'-separated, without '.', '..' or empty components ("/" is the root).
/// Comparisons are ordinal and by whole components: /data2 is not under /data.
/// </summary>
public static class InsidePath
{
    /// <summary>Linux's PATH_MAX: a longer path is refused as the kernel would (ENAMETOOLONG).</summary>
    public const int MaxLength = 4096;

    /// <summary>Linux's NAME_MAX for one component.</summary>
    public const int MaxComponentLength = 255;

    /// <summary>Refuse what no file API accepts: NUL bytes, overlong paths and components.</summary>
    public static void CheckSyntax(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        // The framework refuses NUL too; refusing here keeps a truncated path from ever reaching the host.
        if (path.Contains('\0')) throw new ArgumentException("Null character in path.", nameof(path));
        if (path.Length == 0) throw new ArgumentException("The path is empty.", nameof(path));
        if (path.Length > MaxLength) throw new PathTooLongException($"The path is longer than {MaxLength} characters.");
    }

    /// <summary>Lexically normal form of <paramref name="path"/> taken against <paramref name="cwd"/> ('..' stops at the root).</summary>
    public static string Normalize(string path, string cwd = "/")
    {
        var stack = new List<string>();
        foreach (var c in Components(path.StartsWith('/') ? path : cwd + "/" + path))
        {
            if (c == "..")
            {
                if (stack.Count > 0) stack.RemoveAt(stack.Count - 1);
            }
            else stack.Add(c);
        }
        return FromComponents(stack);
    }

    /// <summary>The non-empty, non-"." components, '..' kept.</summary>
    public static IEnumerable<string> Components(string path) => path.Split('/').Where(c => c.Length > 0 && c != ".");

    public static string FromComponents(IEnumerable<string> components) => "/" + string.Join('/', components);

    /// <summary>True when <paramref name="path"/> is <paramref name="prefix"/> or below it (whole components).</summary>
    public static bool IsUnder(string path, string prefix) =>
        prefix == "/" || path == prefix || (path.Length > prefix.Length && path.StartsWith(prefix, StringComparison.Ordinal) && path[prefix.Length] == '/');

    /// <summary>The part of <paramref name="path"/> below <paramref name="prefix"/>, without a leading '/' ("" for the prefix itself).</summary>
    public static string RelativeTo(string path, string prefix) =>
        path == prefix ? "" : prefix == "/" ? path[1..] : path[(prefix.Length + 1)..];

    /// <summary>The host path of an inside path placed under a host directory.</summary>
    public static string Under(string hostDirectory, string relative) =>
        relative.Length == 0 ? hostDirectory : Path.Join(hostDirectory, relative);

    public static string Parent(string path)
    {
        var i = path.LastIndexOf('/');
        return i <= 0 ? "/" : path[..i];
    }

    public static string Name(string path) => path[(path.LastIndexOf('/') + 1)..];

    public static string Combine(string directory, string name) => directory == "/" ? "/" + name : directory + "/" + name;
}
