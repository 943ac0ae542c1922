using System.Net;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;

namespace Ferry.Node.Instances;

/// <summary>
/// Where a host run behind the front really listens: after a start or a restore the node asks it (the
/// <c>listeners</c> control op) and points each published port's front route at the loopback endpoint.
/// </summary>
public static class InstanceListeners
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    /// <summary>The fronted listeners of a running instance (none until the app has started listening).</summary>
    public static IReadOnlyList<FrontedListener> Of(LocalInstances context, InstanceInfo instance, string what)
    {
        ControlResponse response;
        try
        {
            response = ControlClient.Send(context.Home.Instance(instance.Id).ControlSocket, new ControlRequest { Op = ControlOps.Listeners }, s_timeout);
        }
        catch (IOException e)
        {
            throw new InstanceOperationException(what, e.Message);
        }
        if (!response.Ok) throw new InstanceOperationException(what, response.Error ?? "the host refused");
        return response.Listeners ?? [];
    }

    /// <summary>Wait until the instance listens on its published <paramref name="hostPort"/> behind the front; its loopback endpoint.</summary>
    public static IPEndPoint WaitFor(LocalInstances context, InstanceInfo instance, int hostPort, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Of(context, instance, what).FirstOrDefault(l => l.HostPort == hostPort) is { } listener) return IPEndPoint.Parse(listener.Endpoint);
            if (DateTime.UtcNow > deadline)
                throw new InstanceOperationException(what, $"instance {instance.Id} does not listen on published port {hostPort} within {timeout.TotalSeconds:0} s");
            Thread.Sleep(20);
        }
    }
}
