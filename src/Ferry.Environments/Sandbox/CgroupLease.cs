using Microsoft.Extensions.Logging;

namespace Ferry.Environments.Sandbox;

/// <summary>
/// The per-instance cgroup(s) one sandboxed process tree runs in: one directory per v1 hierarchy used
/// (memory, cpu, pids) or a single v2 directory. <see cref="Remove"/> deletes them once the tree ended.
/// </summary>
public sealed class CgroupLease
{
    private readonly Dictionary<string, string> _byController;
    private readonly ILogger _logger;
    private int _removed;

    internal CgroupLease(Dictionary<string, string> byController, ILogger logger)
    {
        _byController = byController;
        _logger = logger;
        Directories = byController.Values.Distinct().ToList();
    }

    /// <summary>The cgroup directories, one per hierarchy.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>The cgroup.procs files a process writes its pid to, to join every one of them.</summary>
    public IReadOnlyList<string> ProcsFiles => Directories.Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    /// <summary>The directory holding <paramref name="controller"/>'s files (memory, cpu, pids); null when not limited.</summary>
    public string? DirectoryOf(string controller) => _byController.GetValueOrDefault(controller);

    /// <summary>
    /// Delete the cgroups (and the ferry parent when it is left empty). Call after the process tree ended;
    /// a cgroup still holding processes stays and is swept by a later launch once its creator is gone.
    /// </summary>
    public void Remove()
    {
        if (Interlocked.Exchange(ref _removed, 1) != 0) return;
        foreach (var dir in Directories)
        {
            if (!RemoveDirectory(dir, attempts: 40))
            {
                _logger.LogWarning("cgroup {Cgroup} still holds processes; left for a later launch to remove", dir);
                continue;
            }
            RemoveDirectory(Path.GetDirectoryName(dir)!, attempts: 1);
        }
    }

    /// <summary>rmdir, retried briefly: the kernel empties a cgroup a moment after its last process is reaped.</summary>
    internal static bool RemoveDirectory(string dir, int attempts)
    {
        for (var i = 0; ; i++)
        {
            try
            {
                // Non-recursive Directory.Delete is a plain rmdir, which is how cgroups are removed.
                Directory.Delete(dir, recursive: false);
                return true;
            }
            catch (DirectoryNotFoundException)
            {
                return true;
            }
            catch (IOException) when (i + 1 < attempts)
            {
                Thread.Sleep(25);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }
}
