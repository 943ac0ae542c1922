using System.Net;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Front;

/// <summary>
/// This node's front: one <see cref="FrontRoute"/> per published host port, each serving the instances
/// published on it (wherever they run now). Routes live as long as the node.
/// </summary>
public sealed class FrontRegistry(ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, FrontRoute> _routes = [];

    /// <summary>Serve <paramref name="hostPort"/>'s new clients from <paramref name="instance"/> at <paramref name="endpoint"/> (too).</summary>
    /// <exception cref="IOException">the port cannot be published here</exception>
    public void Publish(string instance, int hostPort, EndPoint endpoint)
    {
        lock (_gate)
        {
            if (!_routes.TryGetValue(hostPort, out var route))
            {
                route = new FrontRoute(new IPEndPoint(IPAddress.Any, hostPort), preamble: true, loggers.CreateLogger<FrontRoute>());
                route.Start();
                _routes[hostPort] = route;
            }
            if (!route.Serves(instance)) route.AddBackend(instance, endpoint);
        }
    }

    /// <summary>The routes serving <paramref name="instance"/>, by published host port.</summary>
    public IReadOnlyList<(int HostPort, FrontRoute Route)> RoutesOf(string instance)
    {
        lock (_gate) return _routes.Where(r => r.Value.Serves(instance)).Select(r => (r.Key, r.Value)).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        List<FrontRoute> routes;
        lock (_gate)
        {
            routes = [.. _routes.Values];
            _routes.Clear();
        }
        foreach (var route in routes) await route.DisposeAsync();
    }
}
