using System.Net;
using Ferry.Node.Instances;
using Grpc.Core;

namespace Ferry.Node.Api;

/// <summary>The node API's front part: publishing an instance's ports, and the front's side of a move.</summary>
internal sealed partial class NodeApiService
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_listenTimeout = TimeSpan.FromSeconds(10);

    public override async Task<FrontReply> PublishInstance(FrontRequest request, ServerCallContext context)
    {
        await Answer(() =>
        {
            var what = $"publish {request.Instance}";
            PublishOnFront(node.Instances.Resolve(request.Instance, what), what);
            return Task.CompletedTask;
        });
        return new FrontReply();
    }

    /// <summary>Serve a fronted instance's published ports from this node's front (once it listens on them).</summary>
    private void PublishOnFront(Abstractions.Instances.InstanceInfo instance, string what)
    {
        var instances = node.Instances;
        // Just started, the app may not listen yet: wait a little for its first listener.
        var deadline = DateTime.UtcNow + s_listenTimeout;
        var listeners = InstanceListeners.Of(instances, instance, what);
        while (listeners.Count == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            listeners = InstanceListeners.Of(instances, instance, what);
        }
        if (listeners.Count == 0)
            throw new InstanceOperationException(what, $"instance {instance.Id} listens on no published port behind a front within {s_listenTimeout.TotalSeconds:0} s");
        Publish(instance.Id, listeners.Select(l => (l.HostPort, l.Endpoint)), what);
        instances.Store.Save((instances.Store.Find(instance.Id) ?? instance) with { FrontNode = node.Options.Name });
    }

    public override async Task<FrontOffsets> FrontPause(FrontRequest request, ServerCallContext context)
    {
        var reply = new FrontOffsets();
        foreach (var (_, route) in node.Fronts.RoutesOf(request.Instance))
            foreach (var o in await route.PauseAsync(request.Instance, context.CancellationToken))
                reply.ToBackend[o.ConnectionId] = o.ToBackend;
        return reply;
    }

    public override async Task<FrontReply> FrontDrain(FrontDrainRequest request, ServerCallContext context)
    {
        foreach (var (_, route) in node.Fronts.RoutesOf(request.Instance))
            await route.DrainAsync(request.Instance, request.FromBackend, s_drainTimeout, context.CancellationToken);
        return new FrontReply();
    }

    public override async Task<FrontReply> FrontSwitch(FrontSwitchRequest request, ServerCallContext context)
    {
        foreach (var (port, route) in node.Fronts.RoutesOf(request.Instance))
        {
            var listener = request.Listeners.FirstOrDefault(l => l.HostPort == port)
                ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"instance {request.Instance} does not listen on published port {port} where it runs now"));
            await route.SwitchAsync(request.Instance, IPEndPoint.Parse(listener.Endpoint), context.CancellationToken);
        }
        return new FrontReply();
    }

    public override async Task<FrontReply> FrontAdd(FrontSwitchRequest request, ServerCallContext context)
    {
        await Answer(() =>
        {
            Publish(request.Instance, request.Listeners.Select(l => (l.HostPort, l.Endpoint)), $"publish {request.Instance}");
            return Task.CompletedTask;
        });
        return new FrontReply();
    }

    /// <summary>Serve each published host port's new clients from <paramref name="instance"/> at its endpoint too.</summary>
    private void Publish(string instance, IEnumerable<(int HostPort, string Endpoint)> listeners, string what)
    {
        try
        {
            foreach (var (port, endpoint) in listeners) node.Fronts.Publish(instance, port, IPEndPoint.Parse(endpoint));
        }
        catch (IOException e)
        {
            throw new InstanceOperationException(what, e.Message);
        }
    }

    public override Task<FrontReply> FrontResume(FrontRequest request, ServerCallContext context)
    {
        foreach (var (_, route) in node.Fronts.RoutesOf(request.Instance)) route.Resume(request.Instance);
        return Task.FromResult(new FrontReply());
    }
}
