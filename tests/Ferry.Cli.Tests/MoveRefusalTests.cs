using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Ferry.Tests.Support;

namespace Ferry.Cli.Tests;

/// <summary>
/// Moves refused before the app stops — a target without room, an app that cannot reach its safe points within the
/// barrier timeout: one line, and the app runs on where it was.
/// </summary>
public sealed class MoveRefusalTests : IDisposable
{
    private readonly FerryCli _a = new();
    private readonly FerryCli _b = new();
    private readonly List<IDisposable> _mounts = [];

    public void Dispose()
    {
        foreach (var cli in new[] { _b, _a })
        {
            cli.Run("node", "stop");
            cli.Dispose();
        }
        foreach (var mount in _mounts) mount.Dispose();
    }

    private static string FreeAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    private void StartCluster()
    {
        var started = _a.Ok("node", "start", "--name", "a", "--listen", FreeAddress());
        var join = started.Split('\n').Single(l => l.StartsWith("join it with: ", StringComparison.Ordinal))["join it with: ferry ".Length..].Trim();
        _b.Ok([.. join.Split(' '), "--name", "b", "--listen", FreeAddress()]);
    }

    [Fact]
    public void ATargetWithoutRoomIsRefusedBeforeTheAppStops()
    {
        // b's home: a tmpfs about full — room for the node, not for the app and its heap.
        var home = TmpfsMount.Over(_b.HomeDir, megabytes: 8);
        _mounts.Add(home);
        StartCluster();
        home.LeaveFree(128 * 1024);
        var id = _a.StartDetached(FerryCli.Counter);
        _a.WaitForOutput(id, "count 2");

        foreach (var verb in new[] { "migrate", "scale" })
        {
            var refused = _a.Run(verb, id, "--to", "b");
            Assert.Equal(1, refused.ExitCode);
            // Refused by the mover's estimate, before the app stops (the target's own refusal of a bundle is BundleTransferTests').
            Assert.True(Regex.IsMatch(refused.Stderr.Trim(), $@"^ferry: {verb} {id}: {(verb == "scale" ? "to b: " : "")}node b has \d+ MiB free, the move needs \d+ MiB; the instance keeps running on a$"), refused.Stderr);
        }
        // It never stopped: it counts on, here.
        Assert.Equal("running", _a.State(id));
        var counted = _a.Ok("logs", id).Split('\n').Count(l => l.StartsWith("count ", StringComparison.Ordinal));
        _a.WaitForOutput(id, $"count {counted + 2}");
        Assert.DoesNotContain(_b.Ps().EnumerateArray(), e => e.GetProperty("id").GetString() == id && e.GetProperty("node").GetString() == "b");
    }

    [Fact]
    public void AnAppThatCannotReachItsSafePointsIsRefusedAndRunsOn()
    {
        StartCluster();
        var id = _a.StartDetached(RecordedPath.Of("StuckReader"));
        _a.WaitForOutput(id, "reading");

        var refused = _a.Run("migrate", id, "--to", "b");
        Assert.Equal(1, refused.ExitCode);
        Assert.Single(refused.Stderr.Trim().Split('\n'));
        Assert.StartsWith($"ferry: migrate {id}: checkpoint timed out: ", refused.Stderr);
        Assert.EndsWith("the app keeps running", refused.Stderr.Trim());

        Assert.Equal("running", _a.State(id));
        var ticks = _a.Ok("logs", id).Split('\n').Count(l => l.StartsWith("tick ", StringComparison.Ordinal));
        _a.WaitForOutput(id, $"tick {ticks + 3}");
        Assert.DoesNotContain(_b.Ps().EnumerateArray(), e => e.GetProperty("id").GetString() == id && e.GetProperty("node").GetString() == "b");
    }
}
