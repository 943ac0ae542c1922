using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>Path methods that consult the process's state (current directory, temp directory) answer from the view.</summary>
public static class PathShims
{
    public static string GetTempPath() => HostPaths.View.TempPath;

    public static string GetFullPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Path.GetFullPath(path, HostPaths.View.CurrentDirectory);
    }

    /// <summary>A new empty file "tmpXXXXXX.tmp" in the inside temp directory, as the framework makes one.</summary>
    public static string GetTempFileName()
    {
        var temp = HostPaths.View.TempPath;
        for (var attempt = 0; ; attempt++)
        {
            var inside = Path.Join(temp, "tmp" + Random.Shared.Next(0, 0x1000000).ToString("X6") + ".tmp");
            try
            {
                HostPaths.Run(inside, PathAccess.Create, h => new FileStream(h, FileMode.CreateNew, FileAccess.Write, FileShare.None).Dispose());
                return inside;
            }
            catch (IOException) when (attempt < 100 && FileShims.Exists(inside))
            {
                // Taken: draw another name.
            }
        }
    }
}
