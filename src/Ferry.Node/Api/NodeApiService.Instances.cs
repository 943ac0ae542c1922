using System.Text.Json;
using Ferry.Node.Instances;
using Ferry.Node.Migration;
using Grpc.Core;

namespace Ferry.Node.Api;

/// <summary>The node API's instance part: moves, both sides (the source's orchestration and the target's steps).</summary>
internal sealed partial class NodeApiService
{
    public override async Task<AdoptReply> AdoptInstance(AdoptRequest request, ServerCallContext context)
    {
        await Answer(() => adopter.AdoptAsync(request, context.CancellationToken));
        return new AdoptReply();
    }

    public override async Task<CommitReply> CommitInstance(CommitRequest request, ServerCallContext context)
    {
        Migration.CommittedInstance? committed = null;
        await Answer(async () => committed = await adopter.CommitAsync(request.InstanceId, request.Epoch, context.CancellationToken));
        var reply = new CommitReply { Running = true, Epoch = request.Epoch, Warm = committed!.Warm };
        reply.Listeners.AddRange(committed.Listeners.Select(l => new ListenerEndpoint { HostPort = l.HostPort, Endpoint = l.Endpoint }));
        return reply;
    }

    public override async Task<CommitReply> AbortInstance(CommitRequest request, ServerCallContext context)
    {
        await Answer(() => adopter.AbortAsync(request.InstanceId, request.Epoch, context.CancellationToken));
        return new CommitReply { Running = false, Epoch = request.Epoch };
    }

    public override Task MigrateInstance(MigrateRequest request, IServerStreamWriter<MigrateProgress> responseStream, ServerCallContext context) =>
        Stream(responseStream, report => mover.MoveAsync(request.Instance, request.To, report, context.CancellationToken, request.Mode));

    public override Task CloneInstance(MigrateRequest request, IServerStreamWriter<MigrateProgress> responseStream, ServerCallContext context) =>
        Stream(responseStream, report => mover.CloneAsync(request.Instance, request.To, report, context.CancellationToken, request.Mode));

    /// <summary>Run a transfer, streaming its progress; the last message carries its report.</summary>
    private static async Task Stream(IServerStreamWriter<MigrateProgress> responseStream, Func<Action<MigrationPhase, long>, Task<MigrationReport>> transfer)
    {
        // Progress is reported from the mover's thread; the stream takes one write at a time, latest wins.
        var writes = Task.CompletedTask;
        var gate = new Lock();
        void Report(MigrationPhase phase, long bytes)
        {
            lock (gate)
                if (writes.IsCompleted)
                    writes = responseStream.WriteAsync(new MigrateProgress { Phase = phase.ToString().ToLowerInvariant(), Bytes = bytes });
        }
        MigrationReport report = null!;
        await Answer(async () => report = await transfer(Report));
        Task pending;
        lock (gate) pending = writes;
        await pending;
        await responseStream.WriteAsync(new MigrateProgress { Phase = "done", ReportJson = JsonSerializer.Serialize(report, MigrationJsonContext.Default.MigrationReport) });
    }

    /// <summary>An instance operation's failure becomes the call's status: FailedPrecondition, its one-line reason as detail.</summary>
    private static async Task Answer(Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (InstanceOperationException e)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, e.Why));
        }
        catch (InjectedFaultException e)
        {
            throw new RpcException(new Status(StatusCode.Aborted, e.Message));
        }
    }
}
