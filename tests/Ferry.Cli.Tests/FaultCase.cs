using System.Net;
using System.Net.Sockets;
using Ferry.Abstractions.Instances;
using Ferry.Node.Migration;
using Ferry.Tests.Support;

namespace Ferry.Cli.Tests;

/// <summary>
/// One case of the fault matrix: node a in this network namespace, node b in a namespace of its own (another host,
/// with a link the test can cut), samples/Tally on a with x = 5, and one <see cref="FaultBlow"/> at one
/// <see cref="FaultPoint"/> of a move or clone. A pause fault (<c>&lt;point&gt;:pause:&lt;gate&gt;</c>) stops the move at the
/// point while the test kills a node or cuts the link; a corrupt fault is the node's own doing.
/// </summary>
public sealed class FaultCase : IDisposable
{
    /// <summary>The points the target passes (in <c>AdoptInstance</c> and <c>CommitInstance</c>); the rest are the source's.</summary>
    public static readonly IReadOnlySet<FaultPoint> TargetPoints = new HashSet<FaultPoint> { FaultPoint.AfterAdopt, FaultPoint.BeforeStart, FaultPoint.AfterStart };

    private static readonly TimeSpan s_settle = TimeSpan.FromSeconds(90);

    private readonly NetworkNamespace _network = NetworkNamespace.Create();
    private readonly string _gate = Path.Combine(Path.GetTempPath(), "ferry-gate-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _addressA;
    private readonly string _addressB;

    public FaultCase(FaultPoint point, FaultBlow blow)
    {
        Point = point;
        Blow = blow;
        _addressA = $"{_network.HostAddress}:{FreePort(IPAddress.Parse(_network.HostAddress))}";
        _addressB = $"{_network.Address}:7701";
        (OnTarget ? B : A).Extra[FaultInjector.EnvironmentVariable] = blow == FaultBlow.CorruptStream ? $"{point}:corrupt" : $"{point}:pause:{_gate}";
        var started = A.Ok("node", "start", "--name", "a", "--listen", _addressA);
        var token = started.Split('\n').Single(l => l.StartsWith("join it with: ", StringComparison.Ordinal)).Split("--join ")[1].Split('@')[0];
        StartB("--join", $"{token}@{_addressA}");
        Port = FreePort(IPAddress.Loopback);
        Id = A.StartDetached(FerryCli.Tally, Port.ToString());
        A.WaitForOutput(Id, "tally listening");
        Assert.Equal("x = 5", Ask(A, "add x 5"));
    }

    public FaultPoint Point { get; }
    public FaultBlow Blow { get; }
    public FerryCli A { get; } = new();
    public FerryCli B { get; } = new();
    public string Id { get; }
    public int Port { get; }
    public bool OnTarget => TargetPoints.Contains(Point);

    public override string ToString() => $"{Point} × {Blow}";

    /// <summary>
    /// <c>ferry VERB ID --to b</c> meets the fault: a pause is waited for, the blow struck, the move let go on; once
    /// the command has ended, a killed node starts again (without a fault) and a cut link is mended.
    /// </summary>
    public ProcessResult Strike(string verb)
    {
        var move = Task.Run(() => A.Run(TimeSpan.FromMinutes(3), verb, Id, "--to", "b"));
        if (Blow != FaultBlow.CorruptStream)
        {
            Eventually.True(() => File.Exists(_gate) || move.IsCompleted, $"the {verb} stands at {Point}", TimeSpan.FromMinutes(2));
            if (!File.Exists(_gate)) Assert.Fail($"ferry {verb} ended before it reached {Point}: {move.Result}");
            switch (Blow)
            {
                case FaultBlow.KillSource: KillNode(A); break;
                case FaultBlow.KillTarget: KillNode(B); break;
                case FaultBlow.CutLink: _network.Cut(); break;
            }
            File.Delete(_gate);
        }
        var result = move.GetAwaiter().GetResult();
        switch (Blow)
        {
            case FaultBlow.KillSource:
                A.Extra.Remove(FaultInjector.EnvironmentVariable);
                A.Ok("node", "start", "--name", "a", "--listen", _addressA);
                break;
            case FaultBlow.KillTarget:
                B.Extra.Remove(FaultInjector.EnvironmentVariable);
                StartB();
                break;
            case FaultBlow.CutLink:
                _network.Mend();
                break;
        }
        if (result.ExitCode != 0) Assert.True(result.Stderr.Trim().Split('\n').Length == 1, $"not one line: {result.Stderr}");
        return result;
    }

    /// <summary>Once the nodes have settled: exactly one instance with the id runs (records and processes), and it answers with its state.</summary>
    public FerryCli SettledOwner()
    {
        FerryCli? owner = null;
        Eventually.True(() =>
        {
            var running = new[] { A, B }.Where(n => Runs(n, Id)).ToList();
            var others = new[] { A, B }.Except(running).ToList();
            owner = running.Count == 1 && others.All(n => n.Store.Find(Id) is null or { HasEnded: true }) ? running[0] : null;
            return owner is not null && ProcessesOf(Id).All(p => p.Contains(owner.HomeDir, StringComparison.Ordinal));
        }, $"{Id} running on one node only, its processes there only", s_settle);
        Assert.NotEmpty(ProcessesOf(Id));
        Assert.Equal("x = 6", Ask(owner!, "add x 1"));
        return owner!;
    }

    /// <summary>Once settled: the primary runs on a with its state, and b holds at most one clone of it, running or not there at all.</summary>
    /// <returns>The clone's id, or null when there is none.</returns>
    public string? SettledPrimaryAndClone()
    {
        string? cloneId = null;
        Eventually.True(() =>
        {
            if (!Runs(A, Id) || B.Store.Find(Id) is not null && !B.Store.Find(Id)!.HasEnded) return false;
            var clones = B.Store.List().Where(i => i.ClonedFrom == Id && !i.HasEnded).ToList();
            if (A.Store.List().Any(i => i.ClonedFrom == Id && !i.HasEnded) || clones.Count > 1) return false;
            // Between none and running (adopted, or committed and starting) is not settled yet.
            if (clones is [var clone] && !Runs(B, clone.Id)) return false;
            var cloneIds = clones.Select(c => c.Id).ToHashSet();
            cloneId = clones is [var one] ? one.Id : null;
            // No host of a clone that is not recorded as running.
            return ProcessesUnder(B).All(p => cloneIds.Any(p.Contains) || p.Contains(Id) || !p.Contains("/instances/", StringComparison.Ordinal));
        }, $"{Id} running on a, at most one clone running on b", s_settle);
        Assert.Equal("x = 6", Ask(A, "add x 1"));
        return cloneId;
    }

    private static bool Runs(FerryCli node, string id) =>
        node.Store.Find(id) is { State: InstanceState.Running, HasEnded: false, Pid: int pid } && File.Exists($"/proc/{pid}/cmdline");

    /// <summary>One request on a new connection, to Tally where <paramref name="node"/> runs it (retried while it comes up).</summary>
    public string Ask(FerryCli node, string line) =>
        TwoNodes.Ask(IPAddress.Parse(node == A ? "127.0.0.1" : _network.Address), Port, line);

    private void StartB(params string[] more)
    {
        var started = B.RunIn(_network, ["node", "start", "--name", "b", "--listen", _addressB, .. more]);
        Assert.True(started.ExitCode == 0, $"node b: {started}");
    }

    /// <summary>SIGKILL the node process of <paramref name="cli"/>'s home (its hosts live on, as after a crash).</summary>
    private static void KillNode(FerryCli cli)
    {
        foreach (var pid in NodePids(cli))
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit();
        }
    }

    private static IEnumerable<int> NodePids(FerryCli cli) =>
        CommandLines().Where(p => p.Line.Contains("\0--daemon-child", StringComparison.Ordinal) && p.Line.Contains($"\0--home\0{cli.HomeDir}\0", StringComparison.Ordinal)).Select(p => p.Pid);

    private static List<string> ProcessesOf(string id) => CommandLines().Where(p => p.Line.Contains(id, StringComparison.Ordinal)).Select(p => p.Line).ToList();

    private static List<string> ProcessesUnder(FerryCli cli) => CommandLines().Where(p => p.Line.Contains(cli.HomeDir + "/", StringComparison.Ordinal)).Select(p => p.Line).ToList();

    private static IEnumerable<(int Pid, string Line)> CommandLines()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            string line;
            try
            {
                line = File.ReadAllText(Path.Combine(dir, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            yield return (pid, line);
        }
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (File.Exists(_gate)) File.Delete(_gate);
        foreach (var cli in new[] { B, A })
        {
            KillNode(cli);
            cli.Dispose();
        }
        _network.Dispose();
    }
}
