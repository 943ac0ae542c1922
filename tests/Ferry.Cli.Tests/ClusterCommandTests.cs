using System.Text.Json;
using Ferry.Abstractions.Instances;
using Ferry.Tests.Support;

namespace Ferry.Cli.Tests;

/// <summary>
/// The CLI across a cluster, between two real node processes on loopback: cluster-wide <c>ps</c> and <c>logs</c>,
/// <c>--node NAME</c> on the instance and environment commands, <c>env deploy</c>, and the one-line refusals
/// (unknown node, stopped node, a token the node refuses, no such instance there) that change nothing.
/// </summary>
public sealed class ClusterCommandTests : IDisposable
{
    private readonly TwoNodes _nodes = new();
    private FerryCli A => _nodes.A;
    private FerryCli B => _nodes.B;

    public void Dispose() => _nodes.Dispose();

    [Fact]
    public void PsAndLogsOfEitherNodeShowAnInstanceWhereverItRunsAndItsWholeLogAfterAMove()
    {
        _nodes.Start();
        var id = A.StartDetached(FerryCli.Counter);
        A.WaitForOutput(id, "count 2");

        // From b: listed on a, and its log read there.
        Assert.Equal("a", B.PsRow(id).GetProperty("node").GetString());
        Assert.Matches(@"^NODE\s+ID\s+NAME\s+STATE", B.Ok("ps").Split('\n')[0]);
        Assert.Contains("count 2", B.Ok("logs", id));
        Assert.Contains("count 1", B.Ok("logs", id[..6], "--node", "a"));

        // After a move to b: a lists it on b, and either node prints the whole log, what it printed on a included.
        A.Ok("migrate", id, "--to", "b");
        Assert.Equal("b", A.PsRow(id).GetProperty("node").GetString());
        Assert.Equal("running", A.PsRow(id).GetProperty("state").GetString());
        var before = A.Ok("logs", id);
        Eventually.True(() => A.Ok("logs", id).Length > before.Length, $"{id} goes on printing on b");
        var log = A.Ok("logs", id).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(1, log.Length).Select(i => $"count {i}"), log);
        Assert.Equal(string.Join('\n', log), B.Ok("logs", id).TrimEnd('\n')[..string.Join('\n', log).Length]);
    }

    [Fact]
    public void NodeOptionRunsChecksKillsCheckpointsRestoresAndRemovesOnAnotherNode()
    {
        _nodes.Start();
        var image = Path.Combine(A.HomeDir, "c.ferry");

        // run on b: the app goes there as a bundle; the instance is b's.
        var id = A.Ok("run", "--node", "b", "--name", "far", FerryCli.Counter).Trim();
        Assert.True(InstanceId.IsWellFormed(id), id);
        Assert.Null(A.Store.Find(id));
        Eventually.True(() => A.Ok("logs", "far", "--node", "b").Contains("count 2"), "far counts on b");
        Assert.Equal("b", A.PsRow(id).GetProperty("node").GetString());

        // checkpoint on b: the image lands here; restore it on b again (a new instance there, going on from it).
        var checkpoint = JsonDocument.Parse(A.Ok("checkpoint", "far", "--node", "b", "-o", image, "--json")).RootElement;
        Assert.Equal(image, checkpoint.GetProperty("image").GetString());
        Assert.True(new FileInfo(image).Length > 0);
        Assert.Equal("checkpointed", B.State(id));
        var reached = A.Ok("logs", id, "--node", "b").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
        var restored = A.Ok("restore", image, "--node", "b", "--name", "again").Trim();
        Assert.Equal("b", A.PsRow(restored).GetProperty("node").GetString());
        B.WaitForOutput(restored, $"count {reached + 1}");
        Assert.DoesNotContain("count 1\n", B.Ok("logs", restored));

        // kill and rm there.
        Assert.Equal(restored, A.Ok("kill", "again", "--node", "b").Trim());
        Assert.Equal("killed", B.State(restored));
        Assert.Equal(id, A.Ok("rm", "far", "--node", "b").Trim());
        Assert.Null(B.Store.Find(id));
        Assert.Empty(A.Store.List());
    }

    [Fact]
    public void AnEnvironmentDeployedToAnotherNodeRunsThereWithTheDirectoriesItMaps()
    {
        _nodes.Start();
        var data = Path.Combine(A.HomeDir, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "greeting.txt"), "hello from a\n");
        A.Ok("env", "create", "shop", "--map", $"/data={data}:read-only");

        Assert.Equal("deployed shop to b\n", A.Ok("env", "deploy", "shop", "--to", "b"));
        // b has it (its own env ls, and a's view of b), with the mapped directory now one of b's own.
        Assert.Contains("shop", B.Ok("env", "ls"));
        var shown = JsonDocument.Parse(A.Ok("env", "show", "shop", "--node", "b", "--json")).RootElement;
        var outside = shown.GetProperty("mappings").EnumerateArray().Single(m => m.GetProperty("inside").GetString() == "/data").GetProperty("outside").GetString()!;
        Assert.StartsWith(B.HomeDir, outside);
        Assert.Equal("hello from a\n", File.ReadAllText(Path.Combine(outside, "greeting.txt")));
        Assert.Contains(JsonDocument.Parse(A.Ok("env", "ls", "--node", "b", "--json")).RootElement.EnumerateArray(), e => e.GetProperty("name").GetString() == "shop");
        Assert.Empty(B.Store.List());

        // run there, in it.
        var id = A.Ok("run", "--node", "b", "--env", "shop", FerryCli.Counter, "2").Trim();
        // Followed from a until it ends on b.
        Assert.Equal("count 1\ncount 2\ncounted to 2\n", A.Ok("logs", "-f", id));
        Assert.Equal("exited", B.State(id));
        Assert.Equal("shop", B.PsRow(id).GetProperty("environment").GetString());
    }

    [Fact]
    public void AServiceRunOnAnotherNodeIsServedByThatNodesFrontAndMovesWithItsState()
    {
        _nodes.Start();
        var port = TwoNodes.FreePort();
        A.Ok("env", "create", "svc", "--publish", $"{port}:7000");
        A.Ok("env", "deploy", "svc", "--to", "b");

        var id = A.Ok("run", "--node", "b", "--env", "svc", FerryCli.Tally, "7000").Trim();
        Assert.Equal("b", B.PsRow(id).GetProperty("frontNode").GetString());
        Assert.Equal("x = 5", TwoNodes.Ask(port, "add x 5"));

        B.Ok("migrate", id, "--to", "a");
        Assert.Equal("a", B.PsRow(id).GetProperty("node").GetString());
        Assert.Equal("x = 6", TwoNodes.Ask(port, "add x 1"));
    }

    [Fact]
    public void UnknownStoppedAndForeignNodesAreRefusedInOneLineAndNothingChanges()
    {
        _nodes.Start();
        var id = A.StartDetached(FerryCli.Counter);

        AssertRefused(A.Run("kill", id, "--node", "nowhere"), $"ferry: kill {id}: no node named \"nowhere\" in this cluster (see ferry node ls)");
        AssertRefused(A.Run("kill", "nosuch", "--node", "b"), "ferry: kill nosuch: no instance has the id or name \"nosuch\" on node b");
        AssertRefused(A.Run("env", "deploy", "nosuch", "--to", "b"), null);
        // The local node by its name: through its own socket.
        A.WaitForOutput(id, "count 1");
        Assert.Contains("count 1", A.Ok("logs", id, "--node", "a"));

        // b stops: --node b is unreachable; ps still lists a's instances, with one warning line.
        B.Ok("node", "stop");
        AssertRefused(A.Run("run", "--node", "b", FerryCli.Counter), $"ferry: run {FerryCli.Counter}: node b at {_nodes.AddressB} is unreachable");
        var ps = A.Run("ps", "--json");
        Assert.Equal(0, ps.ExitCode);
        Assert.Equal($"ferry: warning: ps: node b at {_nodes.AddressB} is unreachable; its instances are not listed", ps.Stderr.Trim());
        Assert.Contains(id, ps.Stdout);

        // Another cluster's node answers at b's address: it refuses a's token.
        using var foreign = new FerryCli();
        try
        {
            foreign.Ok("node", "start", "--name", "b", "--listen", _nodes.AddressB);
            AssertRefused(A.Run("run", "--node", "b", FerryCli.Counter), $"ferry: run {FerryCli.Counter}: node b at {_nodes.AddressB} refused this cluster's token");
            Assert.Empty(foreign.Store.List());
        }
        finally
        {
            foreign.Run("node", "stop");
        }
        Assert.Single(A.Store.List());
        Assert.Equal("running", A.State(id));
    }

    /// <summary>Exit code 1, one line on stderr (<paramref name="line"/> when given).</summary>
    private static void AssertRefused(ProcessResult result, string? line)
    {
        Assert.Equal(1, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        if (line is not null) Assert.Equal(line, result.Stderr.Trim());
    }
}
