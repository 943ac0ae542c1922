using Ferry.Node.Cluster;
using Ferry.Node.Migration;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Api;

/// <summary>The node API's membership part: who this node is, joining, and the member list.</summary>
internal sealed partial class NodeApiService(NodeContext node, InstanceMover mover, InstanceAdopter adopter, IHostApplicationLifetime lifetime, ILogger<NodeApiService> log)
    : NodeApi.NodeApiBase
{
    public override Task<ShutdownReply> Shutdown(ShutdownRequest request, ServerCallContext context)
    {
        log.LogInformation("Shutdown requested");
        // After the reply is on its way: stopping first would cut the call that asked for it.
        context.GetHttpContext().Response.OnCompleted(() =>
        {
            lifetime.StopApplication();
            return Task.CompletedTask;
        });
        return Task.FromResult(new ShutdownReply());
    }

    public override Task<NodeInfo> GetInfo(GetInfoRequest request, ServerCallContext context)
    {
        var self = node.Self;
        self.FreeBytes = node.FreeBytes();
        return Task.FromResult(self);
    }

    public override Task<JoinReply> Join(JoinRequest request, ServerCallContext context)
    {
        var joining = request.Node ?? throw new RpcException(new Status(StatusCode.InvalidArgument, "join without a node"));
        if (string.IsNullOrWhiteSpace(joining.Name) || string.IsNullOrWhiteSpace(joining.Address))
            throw new RpcException(new Status(StatusCode.InvalidArgument, "a joining node needs a name and an address"));
        if (joining.Name == node.Options.Name)
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"this cluster already has a node named {joining.Name}"));
        var known = node.Database.Members().FirstOrDefault(m => m.Name == joining.Name);
        if (known is not null && known.Address != joining.Address && known.StartedUnixMs != joining.StartedUnixMs
            && DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - known.LastSeenUnixMs < 10_000)
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"node {joining.Name} is already a member at {known.Address}"));
        node.Heard(joining);
        log.LogInformation("Node {Name} at {Address} joined", joining.Name, joining.Address);
        var reply = new JoinReply();
        reply.Members.AddRange(Members());
        return Task.FromResult(reply);
    }

    public override Task<ListNodesReply> ListNodes(ListNodesRequest request, ServerCallContext context)
    {
        var reply = new ListNodesReply();
        reply.Nodes.AddRange(Members());
        return Task.FromResult(reply);
    }

    private IEnumerable<NodeInfo> Members()
    {
        yield return node.Self;
        foreach (var m in node.Database.Members())
            if (m.Name != node.Options.Name)
                yield return new NodeInfo { Name = m.Name, Address = m.Address, Version = m.Version, StartedUnixMs = m.StartedUnixMs, ClusterId = node.Credentials.ClusterId };
    }
}
