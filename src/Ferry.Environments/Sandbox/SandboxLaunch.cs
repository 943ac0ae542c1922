using System.ComponentModel;
using System.Diagnostics;

namespace Ferry.Environments.Sandbox;

/// <summary>
/// A command made ready to run in its sandbox: <see cref="StartInfo"/> starts a tiny shell wrapper that
/// joins the instance's cgroups (before anything forks, so no child escapes the limits), records its pid
/// in FERRY_SANDBOX_PID and execs bwrap, which runs the command under its own init (pid 1 inside). The
/// started process's pid is bwrap's (killing it kills the sandbox under --die-with-parent); the init's host
/// pid is in <see cref="InfoFile"/>.
/// </summary>
public sealed class SandboxLaunch
{
    internal SandboxLaunch(ProcessStartInfo startInfo, bool sandboxed, CgroupLease? cgroup, IReadOnlyList<string> warnings, string? infoFile)
    {
        InfoFile = infoFile;
        StartInfo = startInfo;
        IsSandboxed = sandboxed;
        Cgroup = cgroup;
        Warnings = warnings;
    }

    public ProcessStartInfo StartInfo { get; }

    /// <summary>True when the command runs under bubblewrap; false when it runs with interception only.</summary>
    public bool IsSandboxed { get; }

    /// <summary>The per-instance cgroups; null when no limit is set or they could not be created.</summary>
    public CgroupLease? Cgroup { get; }

    /// <summary>Where bwrap reports its init's host pid (see <see cref="SandboxInfo"/>); null when not sandboxed.</summary>
    public string? InfoFile { get; }

    /// <summary>One line per thing that is not as asked (no sandbox, limits not enforced), for the caller to show; already logged.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Start the process; its cgroups are removed when it exits (and by a later launch if this process is gone by then).</summary>
    public Process Start()
    {
        Process process;
        try
        {
            process = Process.Start(StartInfo) ?? throw new IOException($"{StartInfo.FileName} did not start");
        }
        catch (Win32Exception e)
        {
            Cgroup?.Remove();
            throw new IOException($"cannot start {StartInfo.FileName}: {e.Message}", e);
        }
        catch
        {
            Cgroup?.Remove();
            throw;
        }
        if (Cgroup is { } cgroup)
        {
            process.EnableRaisingEvents = true;
            process.Exited += (_, _) => cgroup.Remove();
            if (process.HasExited) cgroup.Remove();
        }
        return process;
    }
}
