using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Instances;
using Ferry.Node.Api;
using Grpc.Core;

namespace Ferry.Cli.Nodes;

/// <summary>
/// One node of the cluster, by name, as a command addresses it (<c>--node NAME</c>, or a member of a cluster-wide
/// <c>ps</c>): its API client, and the one-line error a failed call becomes.
/// </summary>
internal sealed class RemoteNode(string name, string address, NodeConnection connection) : IDisposable
{
    public string Name { get; } = name;
    public string Address { get; } = address;
    public NodeApi.NodeApiClient Client => connection.Client;

    /// <summary>Make a call (or consume a stream) on the node; a failure is a CliException naming <paramref name="what"/>.</summary>
    public T Call<T>(string what, Func<NodeApi.NodeApiClient, T> call)
    {
        try
        {
            return call(connection.Client);
        }
        catch (RpcException e)
        {
            throw new CliException(what, Describe(e));
        }
    }

    /// <summary>Why a call to this node failed, in words that name it.</summary>
    public string Describe(RpcException e) => e.StatusCode switch
    {
        StatusCode.Unavailable => $"node {Name} at {Address} is unreachable",
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => $"node {Name} at {Address} refused this cluster's token",
        StatusCode.DeadlineExceeded => $"node {Name} at {Address} did not answer in time",
        StatusCode.NotFound => $"{e.Status.Detail} on node {Name}",
        _ => $"node {Name}: {NodeErrors.Describe(e)}",
    };

    public static InstanceInfo InstanceOf(string json) =>
        JsonSerializer.Deserialize(json, FerryJsonContext.Default.InstanceInfo) ?? throw new JsonException("an empty instance record");

    public void Dispose() => connection.Dispose();
}
