using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Hosting;
using Grpc.Core;

namespace Ferry.Cli.Nodes;

/// <summary>
/// Node names → nodes, from the membership the local node keeps (<c>ferry node ls</c>): the one resolver behind
/// <c>--node NAME</c>, cluster-wide <c>ps</c>/<c>logs</c> and <c>env deploy --to</c>. The local node is reached
/// over its Unix socket, the others over TCP with the cluster token.
/// </summary>
internal static class ClusterNodes
{
    private static readonly TimeSpan s_askTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The node named <paramref name="name"/>; the local node is started in the background first when none runs.</summary>
    public static RemoteNode Connect(CliContext context, string name, string what)
    {
        LocalNode.EnsureRunning(context.Home.Root, what);
        var (self, members) = Members(context, what);
        if (name == self.Name) return new RemoteNode(self.Name, self.Address, LocalNode.Connect(context.Home.Root, what));
        var member = members.FirstOrDefault(m => m.Name == name)
            ?? throw new CliException(what, $"no node named \"{name}\" in this cluster (see ferry node ls)");
        return Open(context, member, what);
    }

    /// <summary>Every member but the local node, or null when no node runs here (then the local home is the whole picture).</summary>
    public static (NodeInfo Self, IReadOnlyList<RemoteNode> Others)? Others(CliContext context, string what)
    {
        if (!LocalNode.IsAnswering(new NodePaths(context.Home.Root))) return null;
        var (self, members) = Members(context, what);
        return (self, members.Where(m => m.Name != self.Name).Select(m => Open(context, m, what)).ToList());
    }

    private static RemoteNode Open(CliContext context, NodeInfo member, string what) =>
        new(member.Name, member.Address, NodeConnection.ToAddress(NodeAddress.Parse(member.Address), LocalNode.Credentials(context.Home.Root, what).Token));

    /// <summary>The local node and the members it knows (itself among them).</summary>
    private static (NodeInfo Self, IReadOnlyList<NodeInfo> Members) Members(CliContext context, string what)
    {
        using var local = LocalNode.Connect(context.Home.Root, what);
        try
        {
            var self = local.Client.GetInfo(new GetInfoRequest(), deadline: DateTime.UtcNow + s_askTimeout);
            var members = local.Client.ListNodes(new ListNodesRequest(), deadline: DateTime.UtcNow + s_askTimeout).Nodes;
            return (self, members);
        }
        catch (RpcException e)
        {
            throw new CliException(what, $"{local.Describes}: {NodeErrors.Describe(e)}");
        }
    }
}
