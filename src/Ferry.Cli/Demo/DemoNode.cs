using Ferry.Abstractions;
using Ferry.Cli.Commands;
using Ferry.Cli.Nodes;
using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Hosting;
using Ferry.Node.Instances;
using Ferry.Node.Migration;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Cli.Demo;

/// <summary>One of the demo's two nodes: its home, its background process, its instances.</summary>
internal sealed class DemoNode(string name, string home, int port)
{
    private const string What = "demo";

    /// <summary>How often a move is tried again when a client connection happened to be open at the freeze.</summary>
    private const int Attempts = 8;

    public string Name { get; } = name;
    public string Home { get; } = home;
    public string Address { get; } = $"127.0.0.1:{port}";
    public LocalInstances Instances { get; } = new(new FerryHome(home), NullLoggerFactory.Instance) { Warn = w => Console.Error.WriteLine($"ferry: warning: {w}") };

    public void Start(IReadOnlyList<string> more)
    {
        var options = new NodeOptions(Name, Home, NodeAddress.Parse(Address), null);
        NodeStarter.StartInBackground(options, ["--name", Name, "--listen", Address, .. more], What);
    }

    /// <summary>Serve instance <paramref name="id"/>'s published ports from this node's front.</summary>
    public void Publish(string id) => LocalNode.Publish(Home, id, $"{What}: publish {id}");

    /// <summary>Move (or clone) instance <paramref name="id"/> from this node to <paramref name="to"/>, as ferry migrate/scale do.</summary>
    public MigrationReport Transfer(string id, string to, bool clone)
    {
        using var connection = LocalNode.Connect(Home, What);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var request = new MigrateRequest { Instance = id, To = to };
                var call = clone ? connection.Client.CloneInstance(request) : connection.Client.MigrateInstance(request);
                return MigrateCommand.Follow(call, $"{(clone ? "cloning" : "moving")} {id}", null, CancellationToken.None)
                    ?? throw new CliException(What, "the node ended the move without a report");
            }
            catch (RpcException e) when (attempt < Attempts && e.Status.Detail.Contains("open network connection", StringComparison.Ordinal))
            {
                // The client's connection was open at the freeze (connections not through the front refuse a
                // checkpoint); the service ran on — try again.
                Console.WriteLine($"  (a client connection was open at the freeze: the service ran on; trying again)");
            }
            catch (RpcException e)
            {
                throw new CliException(What, $"{(clone ? "scale" : "migrate")} {id} --to {to}: {NodeErrors.Describe(e)}");
            }
        }
    }

    /// <summary>End every instance this node has, then the node itself.</summary>
    public void EndEverything()
    {
        foreach (var instance in Instances.Store.List().Where(i => !i.HasEnded))
        {
            try
            {
                InstanceKiller.Kill(Instances, instance, $"{What}: clean up");
            }
            catch (InstanceOperationException e)
            {
                Console.Error.WriteLine($"ferry: {e.What}: {e.Why}");
            }
        }
        if (!LocalNode.IsAnswering(new NodePaths(Home))) return;
        try
        {
            using var connection = LocalNode.Connect(Home, What);
            connection.Client.Shutdown(new ShutdownRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
            LocalNode.WaitGone(Home, TimeSpan.FromSeconds(10), What);
        }
        catch (Exception e) when (e is RpcException or CliException)
        {
            Console.Error.WriteLine($"ferry: demo: node {Name} did not stop: {e.Message}");
        }
    }
}
