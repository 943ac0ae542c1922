using System.Diagnostics;

namespace Ferry.Tests.Support;

/// <summary>
/// A small tmpfs mounted by a test over a directory (a node's home without room); unmounted on dispose. Needs
/// root, as the network namespace tests do.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string dir) => Dir = dir;

    public string Dir { get; }

    public static TmpfsMount Over(string dir, int megabytes)
    {
        Directory.CreateDirectory(dir);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "ferry-test", dir);
        return new TmpfsMount(dir);
    }

    /// <summary>Fill it with a file until only <paramref name="bytes"/> stay free: a disk about full.</summary>
    public void LeaveFree(long bytes)
    {
        using var filler = new FileStream(Path.Combine(Dir, "filler"), FileMode.Create);
        filler.SetLength(0);
        var chunk = new byte[64 * 1024];
        for (var left = new DriveInfo(Dir).AvailableFreeSpace - bytes; left > 0; left -= chunk.Length) filler.Write(chunk, 0, (int)Math.Min(left, chunk.Length));
    }

    public void Dispose() => Run("umount", "-l", Dir);

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{program} {string.Join(' ', args)}: {error.Trim()}");
    }
}
