using Ferry.Node.Api;
using Ferry.Node.Bundles;
using Ferry.Node.Front;
using Ferry.Node.Hosting;
using Ferry.Node.Instances;
using Ferry.Node.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ferry.Node.Cluster;

/// <summary>What every part of a running node shares: who it is, its cluster and its database.</summary>
public sealed class NodeContext(NodeOptions options, ClusterCredentials credentials, NodeDatabase database, DateTimeOffset started)
{
    public NodeOptions Options { get; } = options;
    public ClusterCredentials Credentials { get; } = credentials;
    public NodeDatabase Database { get; } = database;
    public DateTimeOffset Started { get; } = started;
    public BundleStore Bundles { get; } = new(options.Home);

    /// <summary>Pre-copy rounds of moves to this node, until the instance runs from them.</summary>
    public Migration.IncomingRounds Rounds { get; } = new(options.Paths.Dir);

    /// <summary>The instances and environments of this node's home (the same ones the local CLI sees).</summary>
    public LocalInstances Instances { get; private set; } = new(new Abstractions.FerryHome(options.Home), NullLoggerFactory.Instance);

    /// <summary>This node's front: the routes of the published ports it serves.</summary>
    public FrontRegistry Fronts { get; private set; } = new(NullLoggerFactory.Instance);

    /// <summary>Once the server's logging is up: instance operations and the front log through it.</summary>
    public void UseLoggers(ILoggerFactory loggers)
    {
        Instances = new LocalInstances(new Abstractions.FerryHome(Options.Home), loggers);
        Fronts = new FrontRegistry(loggers);
    }

    public static string Version { get; } =
        typeof(NodeContext).Assembly.GetName().Version?.ToString() ?? "0";

    public NodeInfo Self => new()
    {
        Name = Options.Name,
        Address = Options.Listen.ToString(),
        Version = Version,
        StartedUnixMs = Started.ToUnixTimeMilliseconds(),
        ClusterId = Credentials.ClusterId,
    };

    /// <summary>Bytes free to this node on the filesystem of its home.</summary>
    public long FreeBytes() => new DriveInfo(Options.Home).AvailableFreeSpace;

    /// <summary>Record a member as heard of now (unless it is this node, which is always current).</summary>
    public void Heard(NodeInfo member) =>
        Database.UpsertMember(new NodeMember(member.Name, member.Address, member.Version, member.StartedUnixMs, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
}
