using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Node.Api;
using Ferry.Node.Bundles;
using Ferry.Node.Cluster;
using Ferry.Node.Instances;

namespace Ferry.Node.Migration;

/// <summary>
/// Before a move stops its app: will the app bundle (when the target lacks it) and the state fit on the target?
/// Refused in one line while the app still runs; the target's <c>PutBundle</c> refuses too, should the estimate fall short.
/// </summary>
public static class MoveRoom
{
    public static async Task EnsureAsync(NodeContext node, NodeConnection target, NodeInfo info, InstanceInfo instance, string appDir, string what, CancellationToken cancel)
    {
        if (!info.HasFreeBytes) return; // a node that does not say: its PutBundle still refuses what does not fit
        var app = BundleManifest.Of(appDir);
        var need = (await target.Client.HasBundleAsync(new HasBundleRequest { Id = app.Id }, cancellationToken: cancel)).Present ? 0 : app.TotalBytes;
        need += ExpectedStateBytes(node.Instances, instance);
        if (NodeRoom.Shortfall(info.Name, info.FreeBytes, need) is { } shortfall)
            throw new InstanceOperationException(what, $"{shortfall}; the instance keeps running on {node.Options.Name}");
    }

    /// <summary>What the state bundle may come to: the host's heap (an image holds at most its live objects) and the log so far.</summary>
    private static long ExpectedStateBytes(LocalInstances instances, InstanceInfo instance)
    {
        var paths = instances.Home.Instance(instance.Id);
        long heap = 0;
        try
        {
            heap = ControlClient.Send(paths.ControlSocket, new ControlRequest { Op = ControlOps.Status }, TimeSpan.FromSeconds(5)).HeapBytes ?? 0;
        }
        catch (IOException)
        {
            // No answer: the checkpoint that comes next says what is wrong.
        }
        return heap + (File.Exists(paths.OutputLog) ? new FileInfo(paths.OutputLog).Length : 0);
    }
}
