using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Ferry.Abstractions.Instances;
using Ferry.Environments.Sandbox;

namespace Ferry.Node.Instances;

/// <summary>
/// Starts Ferry.Host (which ships beside ferry.dll) as a child process, run by the same dotnet that runs
/// the CLI. In the foreground the child shares the terminal; detached, it gets no stdio from us and puts
/// itself in a new session, so it outlives the CLI.
/// </summary>
public static partial class HostLauncher
{
    public static string HostAssembly => Path.Combine(AppContext.BaseDirectory, "Ferry.Host.dll");

    /// <summary>The dotnet executable running this process (the muxer), found from the runtime directory.</summary>
    public static string DotnetPath
    {
        get
        {
            if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
            // .../shared/Microsoft.NETCore.App/<version>/ → the dotnet root holds the muxer.
            var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
            var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(muxer) ? muxer : "dotnet";
        }
    }

    /// <summary>
    /// Start the host; <paramref name="hostArgs"/> are Ferry.Host's own (run/restore ...). With a
    /// <paramref name="sandbox"/> it runs under bubblewrap and its cgroup limits (or, where that cannot be,
    /// with interception only after one warning line on stderr); the returned process is then bwrap's.
    /// </summary>
    public static Process Start(IReadOnlyList<string> hostArgs, bool detached, SandboxSpec? sandbox, Action<string> warn)
    {
        if (!File.Exists(HostAssembly)) throw new FileNotFoundException($"Ferry.Host is missing ({HostAssembly})");
        var start = new ProcessStartInfo(DotnetPath) { UseShellExecute = false };
        start.ArgumentList.Add(HostAssembly);
        foreach (var a in hostArgs) start.ArgumentList.Add(a);
        if (detached)
        {
            // Pipes we close at once: the host must hold nothing of ours (a caller reading our stdout
            // through a pipe would otherwise wait for the host to end). It re-points 0/1/2 itself.
            start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        }
        Process process;
        try
        {
            process = sandbox is null ? Process.Start(start) ?? throw new IOException("the host did not start") : StartSandboxed(start, sandbox, detached, warn);
        }
        catch (Win32Exception e)
        {
            throw new IOException($"cannot start {start.FileName}: {e.Message}", e);
        }
        if (detached)
        {
            process.StandardInput.Close();
            process.StandardOutput.Close();
            process.StandardError.Close();
        }
        return process;
    }

    private static Process StartSandboxed(ProcessStartInfo start, SandboxSpec sandbox, bool detached, Action<string> warn)
    {
        SandboxLaunch launch;
        try
        {
            // Detached, the host outlives us, and leaves our terminal session anyway: in a session of its
            // own from the start, nothing in the sandbox can push keystrokes into the terminal (TIOCSTI).
            launch = new BubblewrapSandbox().Prepare(detached ? sandbox with { NewSession = true, DieWithParent = false } : sandbox, start);
        }
        catch (SandboxException e)
        {
            throw new IOException(e.Message, e);
        }
        foreach (var warning in launch.Warnings) warn(warning);
        return launch.Start();
    }

    /// <summary>Send a signal to a process (by number, as kill(2)).</summary>
    public static bool Signal(int pid, int signal) => kill(pid, signal) == 0;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);
}
