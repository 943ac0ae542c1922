using System.Net;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Environments.Definition;
using Ferry.Node.Front;
using Ferry.Node.Instances;
using Ferry.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Node.Tests;

/// <summary>
/// samples/Tally run by real hosts (LocalInstances, a temp FERRY_HOME) in an environment that publishes its
/// port, behind a real FrontRoute on that port — the runtime's side of the front against the node's.
/// Disposing kills the instances still running and deletes the home.
/// </summary>
internal sealed class FrontedTally : IAsyncDisposable
{
    public const int AppPort = 7800;
    public const string Environment = "tally";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly string _root = Directory.CreateTempSubdirectory("ferry-front-").FullName;

    private FrontedTally(FrontRoute? route, int hostPort)
    {
        _route = route;
        HostPort = hostPort;
        Instances = new LocalInstances(new FerryHome(Path.Combine(_root, "home")), NullLoggerFactory.Instance) { Warn = _ => { } };
        Instances.Environments.Create(new EnvironmentSpec
        {
            Name = Environment,
            Mappings = [Mapping.Of(MappingKind.Port, $"{AppPort}", $"{hostPort}")],
        });
    }

    private readonly FrontRoute? _route;

    public FrontRoute Route => _route ?? throw new InvalidOperationException("no front in this test");
    public LocalInstances Instances { get; }

    /// <summary>The published host port (the front's, when there is one).</summary>
    public int HostPort { get; }

    /// <summary>A front on an ephemeral port and an environment publishing the app's port there.</summary>
    public static FrontedTally Create()
    {
        var route = new FrontRoute(new IPEndPoint(IPAddress.Loopback, 0), preamble: true, NullLogger.Instance);
        route.Start();
        return new FrontedTally(route, route.LocalEndPoint.Port);
    }

    /// <summary>No front: the environment publishes the app's port on a free host port the app binds itself.</summary>
    public static FrontedTally WithoutFront()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return new FrontedTally(null, ((IPEndPoint)probe.LocalEndpoint).Port);
    }

    public string Image(int n) => Path.Combine(_root, $"move-{n}.ferry");

    /// <summary>Run Tally detached; returns its record once it runs.</summary>
    public InstanceInfo Run(bool fronted)
    {
        var launch = InstanceLaunches.ForRun(Instances, RecordedPath.Of("Tally"), [$"{AppPort}"], null, detach: true, Environment, fronted);
        new InstanceStarter(Instances).StartDetached(launch);
        return Current(launch.Instance.Id);
    }

    /// <summary>Restore an image detached (fronted); returns its record once it runs.</summary>
    public InstanceInfo Restore(string image, bool detachedConnections = false)
    {
        var launch = InstanceLaunches.ForRestore(Instances, image, null, detach: true, Environment, fronted: true, detachedConnections);
        new InstanceStarter(Instances).StartDetached(launch);
        return Current(launch.Instance.Id);
    }

    public InstanceInfo Current(string id) => Instances.Resolve(id, "test");

    /// <summary>Where images for a standby host go (a directory of their own: its sandbox sees it read-only).</summary>
    public string RoundsDir => Directory.CreateDirectory(Path.Combine(_root, "rounds")).FullName;

    /// <summary>A new instance record to continue <paramref name="source"/> in (created, as a restore or an adoption makes it).</summary>
    public InstanceInfo NewRecordFor(InstanceInfo source) =>
        Instances.Store.Create(null, InstanceName.StemOf(source.App), (id, name) => source with
        {
            Id = id,
            Name = name,
            State = InstanceState.Created,
            Detached = true,
            Pid = null,
            PidStartTime = null,
            StartedAt = null,
            CreatedAt = DateTimeOffset.UtcNow,
        });

    /// <summary>A standby host for a new record continuing <paramref name="source"/>, in the same environment, behind the front.</summary>
    public StandbyHost StartStandby(InstanceInfo source) =>
        StandbyHost.Start(Instances, NewRecordFor(source), RoundsDir, Instances.Environments.PathsOf(Environment).Dir, fronted: true);

    /// <summary>Run Tally fronted and serve the front's port from it as <paramref name="backend"/>.</summary>
    public InstanceInfo RunBehindFront(string backend)
    {
        var instance = Run(fronted: true);
        Route.AddBackend(backend, Listening(instance));
        return instance;
    }

    /// <summary>
    /// The first half of a move: pause the front, checkpoint at its offsets, drain what the app wrote. Not left
    /// running, the source is held (frozen, its connections' old legs open) until released: ended once the target
    /// has them, or resumed if the move is given up.
    /// Returns the pause offsets and the checkpoint's response.
    /// </summary>
    public async Task<(IReadOnlyList<ConnectionOffsets> Offsets, ControlResponse Response)> PauseCheckpointDrainAsync(
        string backend, InstanceInfo instance, string image, bool leaveRunning)
    {
        var offsets = await Route.PauseAsync(backend, CancellationToken.None);
        var response = InstanceCheckpoints.Checkpoint(Instances, Current(instance.Id), "move", image, leaveRunning, Timeout, hold: !leaveRunning,
            toBackend: offsets.ToDictionary(o => o.ConnectionId, o => o.ToBackend));
        Assert.NotNull(response.FromBackend);
        await Route.DrainAsync(backend, response.FromBackend!, Timeout, CancellationToken.None);
        return (offsets, response);
    }

    /// <summary>Where the instance listens behind the front (the listeners control op).</summary>
    public IPEndPoint Listening(InstanceInfo instance) => InstanceListeners.WaitFor(Instances, instance, HostPort, Timeout, "test");

    /// <summary>Everything the instance has printed.</summary>
    public string Output(InstanceInfo instance)
    {
        var path = Instances.Home.Instance(instance.Id).OutputLog;
        if (!File.Exists(path)) return "";
        return string.Concat(new Ferry.Abstractions.Output.OutputLogReader(path).ReadAvailable().Select(r => System.Text.Encoding.UTF8.GetString(r.Bytes.Span)));
    }

    public void WaitForOutput(InstanceInfo instance, string text) =>
        Eventually.True(() => Output(instance).Contains(text, StringComparison.Ordinal), $"{instance.Id} printed \"{text}\"");

    public async ValueTask DisposeAsync()
    {
        if (_route is not null) await _route.DisposeAsync();
        foreach (var instance in Instances.Store.List())
        {
            if (instance.HasEnded) continue;
            try { InstanceKiller.Kill(Instances, instance, "test cleanup"); } catch (InstanceOperationException) { }
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
