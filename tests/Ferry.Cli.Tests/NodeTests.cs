using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Ferry.Tests.Support;

namespace Ferry.Cli.Tests;

/// <summary><c>ferry node start|ls|stop</c> with real background node processes on loopback.</summary>
public sealed class NodeTests : IDisposable
{
    private readonly FerryCli _a = new();
    private readonly FerryCli _b = new();

    public void Dispose()
    {
        foreach (var cli in new[] { _b, _a })
        {
            cli.Run("node", "stop");
            cli.Dispose();
        }
    }

    private static string FreeAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    [Fact]
    public void NodesStartInTheBackgroundJoinAndStop()
    {
        var addressA = FreeAddress();
        var started = _a.Ok("node", "start", "--name", "a", "--listen", addressA);
        var join = started.Split('\n').Single(l => l.StartsWith("join it with: ", StringComparison.Ordinal))["join it with: ferry ".Length..].Trim();
        _b.Ok([.. join.Split(' '), "--name", "b", "--listen", FreeAddress()]);

        using var listed = JsonDocument.Parse(_a.Ok("node", "ls", "--json"));
        Assert.Equal(["a", "b"], listed.RootElement.EnumerateArray().Select(n => n.GetProperty("name").GetString()).Order());

        _b.Ok("node", "stop");
        var gone = _b.Run("node", "ls");
        Assert.Equal(1, gone.ExitCode);
        Assert.StartsWith("ferry: node ls: no node runs with home", gone.Stderr);
    }

    [Fact]
    public void ANodeInAnotherNetworkNamespaceJoinsOverItsOwnAddress()
    {
        // test.sh installs iproute2 and CI runs as root: a machine that cannot do this should say so loudly.
        var why = NetworkNamespace.Unavailable();
        Assert.True(why is null, why);
        using var network = NetworkNamespace.Create();
        var addressA = $"{network.HostAddress}:7701";
        var started = _a.Ok("node", "start", "--name", "a", "--listen", addressA);
        var token = started.Split('\n').Single(l => l.StartsWith("join it with: ", StringComparison.Ordinal)).Split("--join ")[1].Split('@')[0];
        // b runs "on another host": only the namespace's address, its own loopback.
        var b = _b.RunIn(network, "node", "start", "--name", "b", "--listen", $"{network.Address}:7701", "--join", $"{token}@{addressA}");
        Assert.True(b.ExitCode == 0, b.ToString());
        foreach (var cli in new[] { _a, _b })
        {
            using var listed = JsonDocument.Parse(cli.Ok("node", "ls", "--json"));
            var nodes = listed.RootElement.EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("address").GetString());
            Assert.Equal(addressA, nodes["a"]);
            Assert.Equal($"{network.Address}:7701", nodes["b"]);
        }
        // The same port on the host's loopback is not b: it is somewhere else.
        using var probe = new TcpClient();
        Assert.ThrowsAny<SocketException>(() => probe.Connect(IPAddress.Loopback, 7701));
        _b.Ok("node", "stop");
    }

    [Fact]
    public void AStartThatCannotListenSaysWhyInOneLine()
    {
        var address = FreeAddress();
        _a.Ok("node", "start", "--name", "a", "--listen", address);
        var clash = _b.Run("node", "start", "--name", "b", "--listen", address);
        Assert.Equal(1, clash.ExitCode);
        Assert.Equal($"ferry: node start: cannot listen on {address}: the address is in use", clash.Stderr.Trim());
    }

    [Fact]
    public void AJoinWithAForeignTokenSaysWhyInOneLine()
    {
        var address = FreeAddress();
        _a.Ok("node", "start", "--name", "a", "--listen", address);
        var foreign = "fry1." + new string('A', 43);
        var refused = _b.Run("node", "start", "--name", "b", "--listen", FreeAddress(), "--join", $"{foreign}@{address}");
        Assert.Equal(1, refused.ExitCode);
        Assert.Equal($"ferry: node start: cannot join the node at {address}: wrong cluster token", refused.Stderr.Trim());
    }
}
