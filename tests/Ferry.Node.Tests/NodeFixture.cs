using System.Net;
using System.Net.Sockets;
using Ferry.Node.Cluster;
using Ferry.Node.Hosting;

namespace Ferry.Node.Tests;

/// <summary>Real nodes on loopback, each with its own temp home; all stopped and deleted at the end.</summary>
internal sealed class NodeFixture : IAsyncDisposable
{
    private readonly List<NodeServer> _servers = [];
    private readonly string _root = Directory.CreateTempSubdirectory("ferry-node-tests-").FullName;

    public string Home(string name) => Path.Combine(_root, name);

    public static NodeAddress FreeLoopbackAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new NodeAddress("127.0.0.1", ((IPEndPoint)listener.LocalEndpoint).Port);
    }

    public async Task<NodeServer> StartAsync(string name, JoinTarget? join = null, NodeAddress? listen = null)
    {
        var server = await NodeServer.StartAsync(new NodeOptions(name, Home(name), listen ?? FreeLoopbackAddress(), join));
        _servers.Add(server);
        return server;
    }

    public async Task StopAsync(NodeServer server)
    {
        _servers.Remove(server);
        await server.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _servers) await s.DisposeAsync();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
