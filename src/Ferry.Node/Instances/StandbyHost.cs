using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Processes;

namespace Ferry.Node.Instances;

/// <summary>
/// A warm migration target (docs/migration.md, "Warm target"): the host of an instance record, started before the
/// move's pause with its app loaded and nothing of it run; it reads the pre-copy's rounds while the app still runs
/// on the source (<see cref="ApplyRound"/>), so that at the pause only the final round is read and the threads
/// rebuilt (<see cref="Go"/>), in a process that is already up. Any failure ends the host before app code ran:
/// the source still has the app. The environment is opened only at the go: import the source's again just before.
/// </summary>
public sealed class StandbyHost
{
    /// <summary>How long a round may take to read (a base round of a large heap reads at ~100 MB/s).</summary>
    public static readonly TimeSpan DefaultRoundTimeout = TimeSpan.FromMinutes(10);

    /// <summary>How long the go may take (the final round, then every thread rebuilt).</summary>
    public static readonly TimeSpan DefaultGoTimeout = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan s_statusTimeout = TimeSpan.FromSeconds(2);

    private readonly LocalInstances _context;
    private readonly string _what;
    private bool _ended;

    private StandbyHost(LocalInstances context, InstanceInfo instance, string what)
    {
        _context = context;
        Instance = instance;
        _what = what;
    }

    /// <summary>The instance the host stands by for (its record as it was when the host was ready).</summary>
    public InstanceInfo Instance { get; private set; }

    private InstancePaths Paths => _context.Home.Instance(Instance.Id);

    /// <summary>
    /// Start a standby host for <paramref name="instance"/> (its record written, state created; its woven app and
    /// environment in place); returns once it reports "standby". <paramref name="roundsDir"/>: where the pre-copy's
    /// files will be (seen read-only in its sandbox). <paramref name="fronted"/> and <paramref name="detachedConnections"/>
    /// as for a restore (<see cref="InstanceLaunches.RestoreLaunch"/>).
    /// </summary>
    public static StandbyHost Start(LocalInstances context, InstanceInfo instance, string roundsDir, string environmentDir,
        bool fronted = false, bool detachedConnections = false, string? what = null, System.Net.IPAddress? frontBind = null)
    {
        what ??= $"standby {instance.Id}";
        var launch = InstanceLaunches.StandbyLaunch(context, instance, what, Path.GetFullPath(roundsDir), environmentDir, fronted, detachedConnections, frontBind);
        var paths = context.Home.Instance(instance.Id);
        new InstanceStarter(context).StartDetached(launch, record => record.Pid is not null && IsStandingBy(paths));
        var host = new StandbyHost(context, InstanceMetadataFile.TryRead(paths.Metadata) ?? instance, what);
        if (host.Instance.HasEnded || !IsStandingBy(paths))
        {
            host.EndHard();
            throw new InstanceOperationException(what, $"the standby host ended before it was ready ({InstanceKiller.Describe(host.Instance)}); see {paths.HostLog}",
                InstanceOperationException.StartFailedExitCode);
        }
        return host;
    }

    /// <summary>
    /// The standby host <paramref name="record"/> names (its pid), found again after the node that started it restarted:
    /// only to end it (<see cref="Abort"/>).
    /// </summary>
    public static StandbyHost Of(LocalInstances context, InstanceInfo record) => new(context, record, $"standby {record.Id}");

    private static bool IsStandingBy(InstancePaths paths)
    {
        try
        {
            return ControlClient.Send(paths.ControlSocket, new ControlRequest { Op = ControlOps.Status }, s_statusTimeout).State == ControlOps.StandbyState;
        }
        catch (IOException)
        {
            return false; // not listening yet
        }
    }

    /// <summary>Read the next round (<paramref name="imagePath"/>, absolute) while the app runs on the source; the host's answer (objects, raw bytes, elapsed ms).</summary>
    public ControlResponse ApplyRound(string imagePath, TimeSpan? timeout = null) =>
        Send(new ControlRequest { Op = ControlOps.StandbyRound, Image = Path.GetFullPath(imagePath) }, timeout ?? DefaultRoundTimeout);

    /// <summary>
    /// Read the final round — or a full image, for a stop-and-copy — and start the app; returns once it runs (the
    /// instance record says running, as after a restore). Throws with the host's line if it could not: the host
    /// has ended then, nothing of the app ran.
    /// </summary>
    public ControlResponse Go(string imagePath, TimeSpan? timeout = null)
    {
        var response = Send(new ControlRequest { Op = ControlOps.StandbyGo, Image = Path.GetFullPath(imagePath) }, timeout ?? DefaultGoTimeout);
        _ended = true; // a standby no more: an ordinary running instance
        Instance = InstanceMetadataFile.TryRead(Paths.Metadata) ?? Instance;
        if (Instance.State != InstanceState.Running && !Instance.HasEnded)
            throw new InstanceOperationException(_what, $"the host answered the go but its record says {InstanceKiller.Describe(Instance)}");
        return response;
    }

    /// <summary>End the standby host (nothing of the app ran); returns once its process is gone.</summary>
    public void Abort()
    {
        if (_ended) return;
        try
        {
            var response = ControlClient.Send(Paths.ControlSocket, new ControlRequest { Op = ControlOps.StandbyAbort }, s_statusTimeout);
            if (!response.Ok) throw new IOException(response.Error);
        }
        catch (IOException)
        {
            // Not answering (hung, or ending anyway): the hard way below.
        }
        EndHard();
    }

    private ControlResponse Send(ControlRequest request, TimeSpan timeout)
    {
        if (_ended) throw new InstanceOperationException(_what, "the standby host has ended or had its go already");
        ControlResponse response;
        try
        {
            response = ControlClient.Send(Paths.ControlSocket, request, timeout);
        }
        catch (IOException e)
        {
            // Not answering: it must not go on (a go could still come to it from nowhere). End it.
            EndHard();
            throw new InstanceOperationException(_what, $"{request.Op}: {e.Message}; the standby host was stopped");
        }
        if (!response.Ok)
        {
            // The host ends itself after a failed round or go; wait for that so nothing is left behind.
            EndHard();
            throw new InstanceOperationException(_what, response.Error ?? $"{request.Op} failed");
        }
        return response;
    }

    /// <summary>Wait for the host to go (SIGKILL if it does not within a few seconds); its record says how it ended.</summary>
    private void EndHard()
    {
        _ended = true;
        var record = InstanceMetadataFile.TryRead(Paths.Metadata) ?? Instance;
        if (record.Pid is int pid)
        {
            var host = new ProcessIdentity(pid, record.PidStartTime ?? 0);
            if (!InstanceKiller.WaitForExit(host, TimeSpan.FromSeconds(5)))
            {
                HostLauncher.Signal(pid, 9);
                InstanceKiller.WaitForExit(host, TimeSpan.FromSeconds(5));
            }
        }
        record = InstanceMetadataFile.TryRead(Paths.Metadata) ?? record;
        if (!record.HasEnded)
            _context.Store.Save(record with { State = InstanceState.Killed, ExitCode = 137, EndedAt = DateTimeOffset.UtcNow, Error = "standby host stopped (SIGKILL); nothing of the app ran" });
        Instance = record;
    }
}
