using System.Net.Sockets;
using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Hosting;

namespace Ferry.Cli.Nodes;

/// <summary>The node of a home on this host, reached over its Unix socket with the home's cluster token.</summary>
internal static class LocalNode
{
    public static NodeConnection Connect(string home, string what)
    {
        var paths = new NodePaths(home);
        if (!IsAnswering(paths)) throw new CliException(what, $"no node runs with home {home} (start one: ferry node start)");
        return NodeConnection.ToSocket(paths.ApiSocket, Credentials(home, what).Token);
    }

    /// <summary>
    /// Start the home's node in the background (the embedded default: this host's name, the default port) unless
    /// one runs: commands that address the cluster need it.
    /// </summary>
    public static void EnsureRunning(string home, string what)
    {
        if (IsAnswering(new NodePaths(home))) return;
        var options = new NodeOptions(Environment.MachineName, home, NodeAddress.Parse($"127.0.0.1:{NodeOptions.DefaultPort}"), null);
        NodeStarter.StartInBackground(options, ["--name", options.Name, "--listen", options.Listen.ToString()], what);
    }

    /// <summary>The home's cluster credentials (the token every call carries).</summary>
    public static ClusterCredentials Credentials(string home, string what)
    {
        var paths = new NodePaths(home);
        ClusterCredentials? credentials;
        try
        {
            credentials = ClusterCredentials.TryLoad(paths.Credentials);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            throw new CliException(what, $"{paths.Credentials} is damaged: {e.Message}");
        }
        return credentials ?? throw new CliException(what, $"{paths.Credentials} is missing");
    }

    /// <summary>Have the home's node serve instance <paramref name="id"/>'s published ports from its front.</summary>
    public static void Publish(string home, string id, string what)
    {
        using var connection = Connect(home, what);
        try
        {
            connection.Client.PublishInstance(new FrontRequest { Instance = id }, deadline: DateTime.UtcNow.AddSeconds(30));
        }
        catch (Grpc.Core.RpcException e)
        {
            throw new CliException(what, $"the local node could not serve its published ports ({NodeErrors.Describe(e)})");
        }
    }

    /// <summary>The address the home's node listens on (its hosts behind the front bind it: see InstanceLaunches.FrontBindAddress).</summary>
    public static NodeAddress Address(string home, string what)
    {
        using var connection = Connect(home, what);
        try
        {
            return NodeAddress.Parse(connection.Client.GetInfo(new GetInfoRequest(), deadline: DateTime.UtcNow.AddSeconds(10)).Address);
        }
        catch (Grpc.Core.RpcException e)
        {
            throw new CliException(what, $"the local node does not answer ({NodeErrors.Describe(e)})");
        }
    }

    /// <summary>True when something accepts connections on the home's API socket.</summary>
    public static bool IsAnswering(NodePaths paths)
    {
        if (!File.Exists(paths.ApiSocket)) return false;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(paths.ApiSocket));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static void WaitGone(string home, TimeSpan timeout, string what)
    {
        var paths = new NodePaths(home);
        var deadline = DateTime.UtcNow + timeout;
        while (IsAnswering(paths))
        {
            if (DateTime.UtcNow > deadline) throw new CliException(what, $"the node with home {home} still answers after {timeout.TotalSeconds:0} s");
            Thread.Sleep(20);
        }
    }
}
