using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Processes;

namespace Ferry.Host;

/// <summary>
/// Keeps the instance's instance.json true while the host lives: running with this pid, then exactly one
/// end (exited, checkpointed, killed or failed). The first end recorded wins, from whichever thread.
/// </summary>
internal sealed class InstanceRecorder
{
    private readonly InstancePaths _paths;
    private readonly Lock _lock = new();
    private InstanceInfo _info;

    private InstanceRecorder(InstancePaths paths, InstanceInfo info)
    {
        _paths = paths;
        _info = info;
    }

    public InstanceInfo Current
    {
        get
        {
            lock (_lock) return _info;
        }
    }

    /// <summary>
    /// Take the record the CLI made in <paramref name="paths"/>, or make one (the host may be started
    /// directly, without a CLI, as the scenario runner does), and put this process in it. The state stays
    /// "created" until <see cref="MarkRunning"/>: the CLI waits for that before it says the instance runs.
    /// </summary>
    public static InstanceRecorder Start(InstancePaths paths, string appPath, IReadOnlyList<string> args, string? restoredFrom, bool detached)
    {
        Directory.CreateDirectory(paths.Dir);
        var now = DateTimeOffset.UtcNow;
        var info = InstanceMetadataFile.TryRead(paths.Metadata) ?? NewRecord(paths, appPath, args, restoredFrom, detached, now);
        // In the OS sandbox our pid is a namespace pid; the CLI must know the sandbox init's host pid (it lives
        // exactly as long as we do, and SIGKILL to it ends the sandbox). Start times read the same in any
        // pid namespace, and the init is pid 1 here.
        var self = Ferry.Environments.Sandbox.SandboxInfo.SandboxHostPid() is int hostPid
            ? new ProcessIdentity(hostPid, ProcessIdentity.ReadStartTime(1) ?? 0)
            : ProcessIdentity.Current();
        info = info with
        {
            WovenApp = appPath,
            State = InstanceState.Created,
            Pid = self.Pid,
            PidStartTime = self.StartTime,
            StartedAt = now,
            Detached = detached,
        };
        InstanceMetadataFile.Write(paths.Metadata, info);
        return new InstanceRecorder(paths, info);
    }

    /// <summary>The control socket answers and the app is loaded: the instance runs.</summary>
    public void MarkRunning()
    {
        lock (_lock)
        {
            if (_info.HasEnded) return;
            _info = _info with { State = InstanceState.Running };
            InstanceMetadataFile.Write(_paths.Metadata, _info);
        }
    }

    /// <summary>Record how the instance ended; false if an end was recorded already.</summary>
    public bool End(InstanceState state, int exitCode, string? error = null)
    {
        lock (_lock)
        {
            if (_info.HasEnded) return false;
            _info = _info with { State = state, ExitCode = exitCode, EndedAt = DateTimeOffset.UtcNow, Error = error };
            InstanceMetadataFile.Write(_paths.Metadata, _info);
            return true;
        }
    }

    private static InstanceInfo NewRecord(InstancePaths paths, string appPath, IReadOnlyList<string> args, string? restoredFrom, bool detached, DateTimeOffset now)
    {
        var dirName = Path.GetFileName(paths.Dir);
        var id = InstanceId.IsWellFormed(dirName) ? dirName : InstanceId.New();
        return new InstanceInfo
        {
            Id = id,
            Name = $"{InstanceName.StemOf(appPath)}-{id[..6]}",
            App = Path.GetFullPath(appPath),
            Args = args,
            CreatedAt = now,
            RestoredFrom = restoredFrom,
            Detached = detached,
        };
    }
}
