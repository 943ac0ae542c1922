using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Output;
using Ferry.Node.Instances;
using Ferry.Weaver;
using Google.Protobuf;
using Grpc.Core;

namespace Ferry.Node.Api;

/// <summary>
/// The node API's command part: what the CLI does in-process for its own home, done here for a CLI elsewhere
/// (<c>--node NAME</c>, cluster-wide <c>ps</c>/<c>logs</c>). Every handler calls the same LocalInstances code the
/// CLI calls; an instance the query does not name here is NotFound, any other refusal FailedPrecondition.
/// </summary>
internal sealed partial class NodeApiService
{
    private const int ImageChunkSize = 256 * 1024;

    public override async Task<ListInstancesReply> ListInstances(ListInstancesRequest request, ServerCallContext context)
    {
        var reply = new ListInstancesReply { Node = node.Options.Name };
        await Answer(() =>
        {
            var instances = request.Query.Length == 0 ? node.Instances.Store.List() : [Find(request.Query, "ps")];
            reply.InstanceJson.AddRange(instances.Select(Json));
            return Task.CompletedTask;
        });
        return reply;
    }

    public override async Task ReadLog(ReadLogRequest request, IServerStreamWriter<LogChunk> responseStream, ServerCallContext context)
    {
        var what = $"logs {request.Instance}";
        var instance = Find(request.Instance, what);
        await Answer(async () =>
        {
            // The reading polls (blocking) while it follows: off the request's thread.
            var records = Task.Run(() => InstanceLogs.Read(node.Instances, instance, what, request.Follow, context.CancellationToken).GetEnumerator());
            using var enumerator = await records;
            while (await Task.Run(enumerator.MoveNext))
            {
                var record = enumerator.Current;
                await responseStream.WriteAsync(new LogChunk { Stderr = record.Stream == OutputStream.Stderr, Data = ByteString.CopyFrom(record.Bytes.Span) });
            }
        });
    }

    public override async Task<InstanceReply> KillInstance(InstanceRequest request, ServerCallContext context)
    {
        var what = $"kill {request.Instance}";
        var instance = Find(request.Instance, what);
        await Answer(() => Task.Run(() => InstanceKiller.Kill(node.Instances, instance, what)));
        return Reply(node.Instances.Store.Find(instance.Id) ?? instance);
    }

    public override async Task<InstanceReply> RemoveInstance(RemoveRequest request, ServerCallContext context)
    {
        var what = $"rm {request.Instance}";
        var instance = Find(request.Instance, what);
        await Answer(() => Task.Run(() =>
        {
            InstanceRemover.CheckRemovable(instance, request.Force, what);
            InstanceRemover.Remove(node.Instances, instance, what);
        }));
        return Reply(instance);
    }

    public override async Task CheckpointInstance(CheckpointRequest request, IServerStreamWriter<CheckpointChunk> responseStream, ServerCallContext context)
    {
        var what = $"checkpoint {request.Instance}";
        var instance = Find(request.Instance, what);
        if (request.TimeoutMs <= 0) throw new RpcException(new Status(StatusCode.InvalidArgument, "the timeout must be positive"));
        // Written aside in the node's directory, sent back, and not kept: the image is the caller's.
        var dir = Path.Combine(node.Options.Paths.Dir, "checkpoints", Guid.NewGuid().ToString("N"));
        var image = Path.Combine(dir, $"{instance.Name}.ferry");
        try
        {
            Abstractions.Control.ControlResponse response = null!;
            await Answer(() => Task.Run(() => response = InstanceCheckpoints.Checkpoint(node.Instances, instance, what, image, request.LeaveRunning,
                TimeSpan.FromMilliseconds(request.TimeoutMs))));
            await using (var file = File.OpenRead(image))
            {
                var buffer = new byte[ImageChunkSize];
                int read;
                while ((read = await file.ReadAsync(buffer, context.CancellationToken)) > 0)
                    await responseStream.WriteAsync(new CheckpointChunk { Data = ByteString.CopyFrom(buffer, 0, read) });
            }
            await responseStream.WriteAsync(new CheckpointChunk { ResponseJson = JsonSerializer.Serialize(response, FerryJsonContext.Default.ControlResponse) });
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    public override async Task<InstanceReply> RunInstance(RunRequest request, ServerCallContext context)
    {
        InstanceInfo started = null!;
        await Answer(() => Task.Run(() =>
        {
            var what = $"run {request.AppFile}";
            var app = BundledFile(request.AppBundle, request.AppFile, what);
            var instances = node.Instances;
            var environment = Optional(request.Environment);
            // As ferry run beside a running node: published ports are served by this node's front, so the
            // instance can later move with its clients.
            var fronted = environment is not null && instances.Environments.Exists(environment) && instances.Environments.Read(environment).PublishedPorts.Count > 0;
            var launch = InstanceLaunches.ForRun(instances, app, [.. request.Args], Optional(request.Name), detach: true, environment, fronted);
            new InstanceStarter(instances).StartDetached(launch);
            started = launch.Instance;
            if (!fronted) return;
            try
            {
                PublishOnFront(launch.Instance, what);
            }
            catch (InstanceOperationException e)
            {
                InstanceKiller.Kill(instances, instances.Store.Find(started.Id) ?? started, what);
                throw new InstanceOperationException(what, $"{e.Why}; the instance was ended");
            }
        }));
        return Reply(node.Instances.Store.Find(started.Id) ?? started);
    }

    public override async Task<InstanceReply> RestoreInstance(RestoreRequest request, ServerCallContext context)
    {
        InstanceInfo started = null!;
        await Answer(() => Task.Run(() =>
        {
            var what = $"restore {request.ImageFile}";
            var image = BundledFile(request.ImageBundle, request.ImageFile, what);
            // The app sent with the image is woven here first: the image's header then finds its build in the cache.
            if (request.AppBundle.Length > 0)
            {
                try
                {
                    node.Instances.Cache.Prepare(BundledFile(request.AppBundle, request.AppFile, what));
                }
                catch (Exception e) when (e is WeavingException or IOException or UnauthorizedAccessException)
                {
                    throw new InstanceOperationException(what, $"cannot weave the app: {e.Message}");
                }
            }
            var launch = InstanceLaunches.ForRestore(node.Instances, image, Optional(request.Name), detach: true, Optional(request.Environment));
            new InstanceStarter(node.Instances).StartDetached(launch);
            started = launch.Instance;
        }));
        return Reply(node.Instances.Store.Find(started.Id) ?? started);
    }

    public override async Task<ListEnvironmentsReply> ListEnvironments(ListEnvironmentsRequest request, ServerCallContext context)
    {
        var reply = new ListEnvironmentsReply();
        await Answer(() =>
        {
            var instances = node.Instances;
            var what = request.Name.Length == 0 ? "env ls" : $"env show {request.Name}";
            var definitions = instances.WithEnvironments(what, store => request.Name.Length == 0 ? store.List() : [store.Read(request.Name)]);
            reply.SummaryJson.AddRange(definitions.Select(d => JsonSerializer.Serialize(EnvironmentSummary.Of(instances, d), NodeJsonContext.Default.EnvironmentSummary)));
            return Task.CompletedTask;
        });
        return reply;
    }

    public override async Task<DeployEnvironmentReply> DeployEnvironment(DeployEnvironmentRequest request, ServerCallContext context)
    {
        await Answer(() => Task.Run(() =>
        {
            var what = $"env deploy {request.Name}";
            var instances = node.Instances;
            if (InstanceEnvironments.RunningIn(instances, request.Name) is [var user, ..])
                throw new InstanceOperationException(what, $"environment \"{request.Name}\" is in use here by instance {user.Id}");
            var exported = BundledFile(request.EnvironmentBundle, ".", what);
            var rewrites = request.Directories.ToDictionary(d => d.SourcePath, d => BundledFile(d.Bundle, ".", what));
            instances.WithEnvironments(what, store => store.Import(request.Name, exported, rewrites));
        }));
        return new DeployEnvironmentReply();
    }

    /// <summary>The instance <paramref name="query"/> names on this node; NotFound (its one-line reason) when none.</summary>
    private InstanceInfo Find(string query, string what)
    {
        try
        {
            return node.Instances.Store.Resolve(query);
        }
        catch (InstanceLookupException e)
        {
            throw new RpcException(new Status(StatusCode.NotFound, e.Message));
        }
    }

    /// <summary>A file of a bundle a caller sent first (PutBundle).</summary>
    private string BundledFile(string bundle, string file, string what)
    {
        if (!node.Bundles.Has(bundle)) throw new InstanceOperationException(what, $"bundle {bundle} is not here (send it first)");
        if (Path.IsPathRooted(file) || file.Split('/').Contains("..")) throw new InstanceOperationException(what, $"\"{file}\" is not a path inside a bundle");
        return Path.GetFullPath(Path.Combine(node.Bundles.PathOf(bundle), file));
    }

    private static string? Optional(string value) => value.Length == 0 ? null : value;

    private static string Json(InstanceInfo instance) => JsonSerializer.Serialize(instance, FerryJsonContext.Default.InstanceInfo);

    private static InstanceReply Reply(InstanceInfo instance) => new() { InstanceJson = Json(instance) };
}
