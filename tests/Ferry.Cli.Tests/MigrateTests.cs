using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ferry.Tests.Support;

namespace Ferry.Cli.Tests;

/// <summary>
/// <c>ferry migrate</c> between two real node processes on loopback (two homes: two hosts' worth of state), with
/// samples/Tally holding state in memory: it must come back with every total, and on failure run on where it was.
/// Woven with write barriers (the default) it moves by pre-copy; woven without (FERRY_WRITE_BARRIERS=0 in the nodes'
/// environment), it goes stop-and-copy.
/// </summary>
public sealed class MigrateTests : IDisposable
{
    private readonly TwoNodes _nodes = new();
    private FerryCli _a => _nodes.A;
    private FerryCli _b => _nodes.B;
    private string _addressA => _nodes.AddressA;
    private string _addressB => _nodes.AddressB;

    public void Dispose() => _nodes.Dispose();

    private static int FreePort() => TwoNodes.FreePort();

    /// <summary>Apps woven from here on (by both nodes) get no write barriers: they cannot be pre-copied.</summary>
    private void WithoutWriteBarriers()
    {
        _a.Extra["FERRY_WRITE_BARRIERS"] = "0";
        _b.Extra["FERRY_WRITE_BARRIERS"] = "0";
    }

    /// <summary>Nothing of a move is left in <paramref name="cli"/>'s node's pre-copy staging.</summary>
    private static void AssertNoRoundsHeld(FerryCli cli)
    {
        var staging = Path.Combine(cli.HomeDir, "node", "moves-in");
        Assert.True(!Directory.Exists(staging) || Directory.GetFileSystemEntries(staging).Length == 0, $"rounds left in {staging}");
    }

    /// <summary>No instance host (a standby host included) runs under <paramref name="cli"/>'s home: the move left nothing running there.</summary>
    private static void AssertNoHostUnder(FerryCli cli)
    {
        var marker = $"--instance-dir\0{cli.HomeDir}";
        string[] Hosts() => [.. Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Where(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Contains(marker, StringComparison.Ordinal);
            }
            catch (IOException)
            {
                return false; // gone meanwhile
            }
        })];
        Eventually.True(() => Hosts().Length == 0, $"no host process under {cli.HomeDir}", TimeSpan.FromSeconds(10));
    }

    /// <summary>Nodes a and b in one cluster; returns Tally's port and instance id, running on a with x = 5.</summary>
    private (int Port, string Id) StartClusterWithTally()
    {
        _nodes.Start();
        var port = FreePort();
        var id = _a.StartDetached(FerryCli.Tally, port.ToString());
        _a.WaitForOutput(id, "tally listening");
        Assert.Equal("x = 5", Ask(port, "add x 5"));
        return (port, id);
    }

    private static string Ask(int port, string line) => TwoNodes.Ask(port, line);

    [Fact]
    public void AnInstanceMovesToAnotherNodeAndBackWithItsStateAndLog()
    {
        WithoutWriteBarriers();
        var (port, id) = StartClusterWithTally();

        using (var report = JsonDocument.Parse(_a.Ok("migrate", id, "--to", "b", "--json")))
        {
            var r = report.RootElement;
            Assert.Equal(id, r.GetProperty("instance").GetString());
            Assert.Equal("a", r.GetProperty("from").GetString());
            Assert.Equal("b", r.GetProperty("to").GetString());
            Assert.Equal(1, r.GetProperty("epoch").GetInt64());
            Assert.True(r.GetProperty("pauseMs").GetDouble() > 0);
            Assert.True(r.GetProperty("imageBytes").GetInt64() > 0);
            // Woven without write barriers: it cannot be pre-copied, and the report says why.
            Assert.Equal("stop-and-copy", r.GetProperty("mode").GetString());
            Assert.Contains("without write barriers", r.GetProperty("fallbackReason").GetString());
            Assert.Empty(r.GetProperty("rounds").EnumerateArray());
            // The target's standby host took the whole image at its go (no new host inside the pause).
            Assert.True(r.GetProperty("warmTarget").GetBoolean());
        }
        // It runs on b, under its id, and a keeps nothing of it (a's ps lists it on b).
        Assert.Equal("running", _b.State(id));
        Assert.Null(_a.Store.Find(id));
        Assert.Equal("b", _a.PsRow(id).GetProperty("node").GetString());
        Assert.Equal("x = 6", Ask(port, "add x 1"));

        // And back: a new epoch, the same state, the whole log.
        using (var back = JsonDocument.Parse(_b.Ok("migrate", id, "--to", "a", "--json")))
        {
            Assert.Equal(2, back.RootElement.GetProperty("epoch").GetInt64());
            Assert.True(back.RootElement.GetProperty("warmTarget").GetBoolean());
        }
        AssertNoHostUnder(_b);
        Assert.Equal("running", _a.State(id));
        Assert.Equal("x = 7", Ask(port, "add x 1"));
        var log = _a.Ok("logs", id);
        Assert.Contains("tally listening", log);
        Assert.Equal(3, log.Split('\n').Count(l => l.StartsWith("client ", StringComparison.Ordinal) && l.EndsWith(" left", StringComparison.Ordinal)));
    }

    [Fact]
    public void AnAppWovenWithWriteBarriersMovesByPreCopyAndBackWithItsStateAndLog()
    {
        var (port, id) = StartClusterWithTally();

        foreach (var (from, to, epoch, total) in new[] { (_a, "b", 1L, 6), (_b, "a", 2L, 7) })
        {
            using var report = JsonDocument.Parse(from.Ok("migrate", id, "--to", to, "--json"));
            var r = report.RootElement;
            Assert.Equal(epoch, r.GetProperty("epoch").GetInt64());
            Assert.Equal("pre-copy", r.GetProperty("mode").GetString());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("fallbackReason").ValueKind);
            var rounds = r.GetProperty("rounds").EnumerateArray().ToList();
            Assert.NotEmpty(rounds);
            Assert.True(rounds[0].GetProperty("bytesSent").GetInt64() > 0);
            Assert.False(string.IsNullOrEmpty(r.GetProperty("roundsEnded").GetString()));
            Assert.True(r.GetProperty("finalRoundBytes").GetInt64() > 0);
            Assert.True(r.GetProperty("phaseMs").TryGetProperty("precopy", out _));
            // The standby host read the rounds as they came; the go read the final round.
            Assert.True(r.GetProperty("warmTarget").GetBoolean());
            Assert.Equal($"x = {total}", Ask(port, "add x 1"));
        }
        Assert.Equal("running", _a.State(id));
        // b's ps lists the cluster's instances: this one only as running on a.
        Assert.DoesNotContain(_b.Ps().EnumerateArray(), e => e.GetProperty("id").GetString() == id && e.GetProperty("node").GetString() == "b");
        AssertNoHostUnder(_b);
        AssertNoRoundsHeld(_a);
        AssertNoRoundsHeld(_b);
        var log = _a.Ok("logs", id);
        Assert.Contains("tally listening", log);
        Assert.Equal(3, log.Split('\n').Count(l => l.StartsWith("client ", StringComparison.Ordinal) && l.EndsWith(" left", StringComparison.Ordinal)));
    }

    [Fact]
    public void BadTargetsAreRefusedInOneLineAndTheInstanceRunsOn()
    {
        var (port, id) = StartClusterWithTally();

        var unknown = _a.Run("migrate", id, "--to", "nowhere");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal($"ferry: migrate {id}: no node named \"nowhere\" in this cluster (see ferry node ls)", unknown.Stderr.Trim());

        var self = _a.Run("migrate", id, "--to", "a");
        Assert.Equal(1, self.ExitCode);
        Assert.Contains("already runs on a", self.Stderr);

        var noSuch = _a.Run("migrate", "no-such-instance", "--to", "b");
        Assert.Equal(1, noSuch.ExitCode);
        Assert.StartsWith("ferry: migrate no-such-instance: no instance has the id or name", noSuch.Stderr.Trim());

        // b goes away: unreachable.
        _b.Ok("node", "stop");
        var gone = _a.Run("migrate", id, "--to", "b");
        Assert.Equal(1, gone.ExitCode);
        Assert.Single(gone.Stderr.Trim().Split('\n'));
        Assert.Contains("unreachable", gone.Stderr);
        Assert.EndsWith("the instance keeps running on a", gone.Stderr.Trim());

        Assert.Equal("running", _a.State(id));
        Assert.Equal("x = 6", Ask(port, "add x 1"));
    }

    /// <summary>Apps are woven with write barriers (the default): every move here is a pre-copy move.</summary>
    [Theory]
    [InlineData("source", "AfterBaseRound")]
    [InlineData("source", "AfterRounds")]
    [InlineData("source", "AfterCheckpoint")]
    [InlineData("source", "AfterTransfer")]
    [InlineData("source", "AfterHandover")]
    [InlineData("target", "AfterAdopt")]
    [InlineData("target", "BeforeStart")]
    public void AFailureBeforeTheTargetRunsItLeavesItRunningOnTheSource(string where, string point)
    {
        (where == "source" ? _a : _b).Extra["FERRY_FAULT"] = $"{point}:fail";
        var (port, id) = StartClusterWithTally();

        var failed = _a.Run("migrate", id, "--to", "b");
        Assert.Equal(1, failed.ExitCode);
        Assert.Single(failed.Stderr.Trim().Split('\n'));
        Assert.EndsWith("the instance keeps running on a", failed.Stderr.Trim());

        // Exactly one runs, here, with its state; b holds nothing of it (no record, no rounds, no host), and a later
        // move starts afresh.
        Assert.Equal("running", _a.State(id));
        Assert.Equal("a", _b.PsRow(id).GetProperty("node").GetString());
        Assert.DoesNotContain(_b.Ps().EnumerateArray(), e => e.GetProperty("id").GetString() == id && e.GetProperty("node").GetString() == "b");
        Assert.True(_b.Store.Find(id) is null or { HasEnded: true });
        AssertNoRoundsHeld(_b);
        AssertNoHostUnder(_b);
        Assert.Equal("x = 6", Ask(port, "add x 1"));
    }

    [Theory]
    [InlineData("a", "AfterCheckpoint", "a")]
    [InlineData("a", "AfterHandover", "b")]
    [InlineData("a", "BeforeRelease", "b")]
    [InlineData("b", "AfterAdopt", "a")]
    [InlineData("b", "BeforeStart", "b")]
    [InlineData("b", "AfterStart", "b")]
    public void AKilledNodeFinishesOrUndoesTheMoveWhenItComesBack(string killed, string point, string owner)
    {
        var (dead, address) = killed == "a" ? (_a, _addressA) : (_b, _addressB);
        dead.Extra["FERRY_FAULT"] = $"{point}:kill";
        var (port, id) = StartClusterWithTally();

        var failed = _a.Run("migrate", id, "--to", "b");
        Assert.Equal(1, failed.ExitCode);
        Assert.Single(failed.Stderr.Trim().Split('\n'));

        // The killed node comes back (no fault now); between them they settle on one running instance.
        dead.Extra.Remove("FERRY_FAULT");
        dead.Ok("node", "start", "--name", killed, "--listen", address);
        var (runs, idle) = owner == "a" ? (_a, _b) : (_b, _a);
        Eventually.True(() => runs.Store.Find(id) is { State: Abstractions.Instances.InstanceState.Running } && idle.Store.Find(id) is null or { HasEnded: true },
            $"{id} running on {owner} only", TimeSpan.FromSeconds(60));
        Assert.Equal("x = 6", Ask(port, "add x 1"));
    }

    /// <summary>Tally in an environment publishing a free port: a node runs here, so the node's front serves it.</summary>
    private (int Port, string Id) StartTallyBehindTheFront()
    {
        var port = FreePort();
        _a.Ok("env", "create", "web", "--publish", $"{port}:7800");
        return (port, _a.StartDetached("--env", "web", FerryCli.Tally, "7800"));
    }

    /// <summary>
    /// Move <paramref name="id"/> a → b → a … <paramref name="moves"/> times while <paramref name="client"/> streams
    /// requests on its one connection; after each move the client must be answered again (by the node it went to),
    /// and each move takes the next ownership epoch (and was made in <paramref name="mode"/>, when given).
    /// </summary>
    private static async Task MoveBackAndForthWhileTalking(string id, int moves, TallyClient client, FerryCli a, FerryCli b, string? mode = null)
    {
        using var stop = new CancellationTokenSource();
        var talking = client.TalkUntil(stop.Token);
        try
        {
            for (var move = 0; move < moves; move++)
            {
                var (from, to) = move % 2 == 0 ? (a, "b") : (b, "a");
                var before = client.Total;
                using (var report = JsonDocument.Parse(from.Ok("migrate", id, "--to", to, "--json")))
                {
                    Assert.Equal(move + 1, report.RootElement.GetProperty("epoch").GetInt64());
                    if (mode is not null) Assert.Equal(mode, report.RootElement.GetProperty("mode").GetString());
                }
                Eventually.True(() => talking.IsCompleted || client.Total > before, $"an answer on {to} after move {move + 1}");
                if (talking.IsCompleted) break;
            }
        }
        finally
        {
            stop.Cancel();
        }
        await talking; // throws the first wrong reply
    }

    [Fact]
    public async Task AClientKeepsOneConnectionThroughTwentyMovesOfAServiceBehindTheFront()
    {
        StartClusterWithTally();
        var (port, id) = StartTallyBehindTheFront();
        using var client = new TallyClient(new IPEndPoint(IPAddress.Loopback, port), "w");
        client.Add(20);
        // Requests keep going while it moves: the front holds them and hands them to wherever it runs.
        await MoveBackAndForthWhileTalking(id, 20, client, _a, _b);
        client.Add(5);
        Assert.True(client.Total > 45, $"only {client.Total} answers");
        Assert.Equal("running", _a.State(id));
    }

    [Fact]
    public async Task AClientKeepsItsConnectionThroughStopAndCopyMovesToo()
    {
        WithoutWriteBarriers();
        StartClusterWithTally();
        var (port, id) = StartTallyBehindTheFront();
        using var client = new TallyClient(new IPEndPoint(IPAddress.Loopback, port), "s");
        client.Add(10);
        await MoveBackAndForthWhileTalking(id, 2, client, _a, _b, mode: "stop-and-copy");
        client.Add(5);
        Assert.Equal("running", _a.State(id));
    }

    [Fact]
    public async Task AServiceBehindTheFrontMovesToANodeInAnotherNetworkNamespaceAndBackWithItsClient()
    {
        // test.sh installs iproute2 and CI runs as root: a machine that cannot do this should say so loudly.
        var why = NetworkNamespace.Unavailable();
        Assert.True(why is null, why);
        using var network = NetworkNamespace.Create();
        // a on this side of the veth pair, b "on another host": the namespace, its own address and loopback.
        var addressA = $"{network.HostAddress}:{FreePort()}";
        var started = _a.Ok("node", "start", "--name", "a", "--listen", addressA);
        var token = started.Split('\n').Single(l => l.StartsWith("join it with: ", StringComparison.Ordinal)).Split("--join ")[1].Split('@')[0];
        var b = _b.RunIn(network, "node", "start", "--name", "b", "--listen", $"{network.Address}:7701", "--join", $"{token}@{addressA}");
        Assert.True(b.ExitCode == 0, b.ToString());

        // The client talks to a's front; on b the instance listens on b's address, which a's front reaches over the veth
        // (b's loopback is not a's), and back on a on a's.
        var (port, id) = StartTallyBehindTheFront();
        using var client = new TallyClient(new IPEndPoint(IPAddress.Loopback, port), "n");
        client.Add(10);
        await MoveBackAndForthWhileTalking(id, 2, client, _a, _b);
        client.Add(5);
        Assert.Equal("running", _a.State(id));
        Assert.Contains("tally listening", _a.Ok("logs", id));
    }

    [Fact]
    public void AScaledInstanceRunsOnBesideItsPrimaryAndPsSaysWhereItCameFrom()
    {
        // A clone takes the same path as a move: pre-copy shortens the primary's pause too.
        StartClusterWithTally();
        // Behind the front (a published port, a node here): the clone listens on a port of its own beside it.
        var port = FreePort();
        _a.Ok("env", "create", "web", "--publish", $"{port}:7800");
        var id = _a.StartDetached("--env", "web", FerryCli.Tally, "7800");
        Assert.Equal("x = 5", Ask(port, "add x 5"));
        using var reports = JsonDocument.Parse(_a.Ok("scale", id, "--to", "b", "--json"));
        var report = Assert.Single(reports.RootElement.EnumerateArray().ToList());
        Assert.Equal(id, report.GetProperty("clonedFrom").GetString());
        var clone = report.GetProperty("instance").GetString()!;
        Assert.NotEqual(id, clone);
        Assert.True(report.GetProperty("pauseMs").GetDouble() > 0);
        Assert.Equal("pre-copy", report.GetProperty("mode").GetString());
        Assert.NotEmpty(report.GetProperty("rounds").EnumerateArray());
        Assert.True(report.GetProperty("warmTarget").GetBoolean());

        // The primary runs on where it was, with its state; the clone runs on b and says whose clone it is.
        Assert.Equal("running", _a.State(id));
        Assert.Equal("x = 6", Ask(port, "add x 1"));
        Assert.Equal("running", _b.State(clone));
        Assert.Equal(id, _b.PsRow(clone).GetProperty("clonedFrom").GetString());
        Assert.Contains($"clone of {id}", _b.Ok("ps"));

        // A second clone onto the same node gets an environment of its own too (clones never share one).
        using var again = JsonDocument.Parse(_a.Ok("scale", id, "--to", "b", "--json"));
        var second = Assert.Single(again.RootElement.EnumerateArray().ToList()).GetProperty("instance").GetString()!;
        Assert.Equal("running", _b.State(second));
        Assert.Equal("running", _b.State(clone));
        Assert.NotEqual(_b.PsRow(clone).GetProperty("environment").GetString(), _b.PsRow(second).GetProperty("environment").GetString());
    }
}
