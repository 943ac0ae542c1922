using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ferry.Cli.Tests;

/// <summary>
/// Environments publish app ports on host ports: two instances of the same service, each binding the same
/// port inside its own environment, run at once and are reached on their own host ports, with their own state.
/// </summary>
public sealed class PublishedPortTests : IDisposable
{
    private readonly FerryCli _ferry = new();

    public void Dispose() => _ferry.Dispose();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Ask(int port, string line)
    {
        using var client = new TcpClient();
        client.Connect(IPAddress.Loopback, port);
        client.ReceiveTimeout = 10_000;
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes(line + "\nquit\n"));
        return new StreamReader(stream, Encoding.ASCII).ReadLine() ?? "";
    }

    [Fact]
    public void TwoEnvironmentsServeTheSameAppPortOnTheirOwnHostPorts()
    {
        const int appPort = 7800;
        var (portA, portB) = (FreePort(), FreePort());
        _ferry.Ok("env", "create", "east", "--publish", $"{portA}:{appPort}");
        _ferry.Ok("env", "create", "west", "--publish", $"{portB}:{appPort}");
        var east = _ferry.StartDetached("--env", "east", FerryCli.Tally, $"{appPort}");
        var west = _ferry.StartDetached("--env", "west", FerryCli.Tally, $"{appPort}");
        _ferry.WaitForOutput(east, $"tally listening on port {appPort}");
        _ferry.WaitForOutput(west, $"tally listening on port {appPort}");

        Assert.Equal("apples = 3", Ask(portA, "add apples 3"));
        Assert.Equal("apples = 40", Ask(portB, "add apples 40"));
        Assert.Equal("apples = 4", Ask(portA, "add apples 1"));
        Assert.Equal("apples = 40", Ask(portB, "get apples"));
        // Inside, both think they listen on the app port; neither holds it on the host.
        using var probe = new TcpClient();
        Assert.ThrowsAny<SocketException>(() => probe.Connect(IPAddress.Loopback, appPort));
        _ferry.Ok("kill", east);
        _ferry.Ok("kill", west);
    }
}
