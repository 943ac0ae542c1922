using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Node.Api;

namespace Ferry.Cli.Nodes;

/// <summary><c>ferry checkpoint --node NAME</c>: the node writes the image and streams it back; it lands here whole or not at all.</summary>
internal static class RemoteCheckpoint
{
    /// <summary>The instance <paramref name="query"/> names on the node (its name makes the default image file name).</summary>
    public static InstanceInfo Find(RemoteNode node, string query, string what) =>
        RemoteNode.InstanceOf(node.Call(what, c => c.ListInstances(new ListInstancesRequest { Query = query }, deadline: DateTime.UtcNow.AddSeconds(10))).InstanceJson.Single());

    public static ControlResponse Take(RemoteNode node, InstanceInfo instance, string what, string image, bool leaveRunning, TimeSpan timeout)
    {
        if (Directory.Exists(image)) throw new CliException(what, $"{image} is a directory");
        var partial = image + ".partial";
        try
        {
            ControlResponse? response = null;
            using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write))
                node.Call(what, client =>
                {
                    using var call = client.CheckpointInstance(new CheckpointRequest { Instance = instance.Id, LeaveRunning = leaveRunning, TimeoutMs = (long)timeout.TotalMilliseconds });
                    while (call.ResponseStream.MoveNext(CancellationToken.None).GetAwaiter().GetResult())
                    {
                        var chunk = call.ResponseStream.Current;
                        file.Write(chunk.Data.Span);
                        if (chunk.ResponseJson.Length > 0) response = JsonSerializer.Deserialize(chunk.ResponseJson, FerryJsonContext.Default.ControlResponse);
                    }
                    return 0;
                });
            if (response is null) throw new CliException(what, $"node {node.Name} ended the checkpoint without a result");
            File.Move(partial, image, overwrite: true);
            return response with { Image = image };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(what, $"cannot write {image}: {e.Message}");
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
