using System.Diagnostics;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Environments;
using Ferry.Node.Api;
using Ferry.Node.Bundles;
using Ferry.Node.Cluster;
using Ferry.Node.Instances;
using Ferry.Node.State;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Migration;

/// <summary>
/// The source side of a move (<c>ferry migrate</c>) and of a clone (<c>ferry scale</c>): the one state machine of
/// <see cref="MigrationPhase"/>. The heap goes in pre-copy rounds while the app runs (<see cref="PreCopyRounds"/>;
/// stop-and-copy when the app cannot be pre-copied); then the app is frozen and held (not ended) while the rest travels; ownership passes with epoch + 1, recorded
/// here before the target is told to start; until then any failure resumes the app here and the target
/// forgets what it took in. Never two owners: once the handover is recorded the source resumes only if the
/// target answers that it aborted (so it will never start); a target that cannot be reached leaves the app
/// held here, frozen with its image — nothing lost, nothing running twice.
/// </summary>
public sealed class InstanceMover(NodeContext node, MovesInFlight moving, ILogger<InstanceMover> log)
{
    /// <summary>Time for every thread to reach a safe point (as <c>ferry checkpoint</c>'s default).</summary>
    public static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Move the instance <paramref name="query"/> names to node <paramref name="to"/>.</summary>
    /// <param name="progress">Called as phases start and bytes go out.</param>
    /// <param name="mode">
    /// <see cref="MigrationModes.PreCopy"/> (refused when the app cannot be pre-copied), <see cref="MigrationModes.StopAndCopy"/>,
    /// or null/empty: pre-copy when the app can be, else stop-and-copy.
    /// </param>
    public Task<MigrationReport> MoveAsync(string query, string to, Action<MigrationPhase, long> progress, CancellationToken cancel, string? mode = null) =>
        TransferAsync(query, to, clone: false, mode, progress, cancel);

    /// <summary>
    /// Start a clone of the instance <paramref name="query"/> names on node <paramref name="to"/>: the same transfer,
    /// but the source runs on once its state is taken, and the target starts a new instance (a new id) from it.
    /// </summary>
    public Task<MigrationReport> CloneAsync(string query, string to, Action<MigrationPhase, long> progress, CancellationToken cancel, string? mode = null) =>
        TransferAsync(query, to, clone: true, mode, progress, cancel);

    private async Task<MigrationReport> TransferAsync(string query, string to, bool clone, string? mode, Action<MigrationPhase, long> progress, CancellationToken cancel)
    {
        if (mode is { Length: > 0 } and not (MigrationModes.PreCopy or MigrationModes.StopAndCopy))
            throw new InstanceOperationException($"{(clone ? "scale" : "migrate")} {query}", $"unknown mode \"{mode}\" (expected {MigrationModes.PreCopy} or {MigrationModes.StopAndCopy})");
        var instances = node.Instances;
        var self = node.Options.Name;
        var what = $"{(clone ? "scale" : "migrate")} {query}";
        var instance = instances.Resolve(query, what);
        if (instance.State != InstanceState.Running) throw new InstanceOperationException(what, $"instance {instance.Id} is not running ({InstanceKiller.Describe(instance)})");
        if (to == self && !clone) throw new InstanceOperationException(what, $"instance {instance.Id} already runs on {to}");
        var member = node.Database.Members().FirstOrDefault(m => m.Name == to)
            ?? throw new InstanceOperationException(what, $"no node named \"{to}\" in this cluster (see ferry node ls)");
        var owned = node.Database.OwnershipOf(instance.Id);
        if (owned is not null && owned.Owner != self)
            throw new InstanceOperationException(what, $"instance {instance.Id} was handed to {owned.Owner} (epoch {owned.Epoch}); this node does not own it");
        var epoch = (owned?.Epoch ?? 0) + 1;
        if (instance.EnvironmentName is not { } environment) throw new InstanceOperationException(what, $"instance {instance.Id} has no environment to move");

        if (!moving.TryBegin(instance.Id)) throw new InstanceOperationException(what, $"instance {instance.Id} is already being moved");
        try
        {
            return await TransferClaimedAsync(instance, to, member, clone ? 0 : epoch, clone, mode, environment, what, progress, cancel);
        }
        finally
        {
            moving.End(instance.Id);
        }
    }

    private async Task<MigrationReport> TransferClaimedAsync(InstanceInfo instance, string to, NodeMember member, long epoch, bool clone, string? mode, string environment,
        string what, Action<MigrationPhase, long> progress, CancellationToken cancel)
    {
        var instances = node.Instances;
        var self = node.Options.Name;
        var total = Stopwatch.StartNew();
        var phases = new Dictionary<string, double>();
        var phaseClock = Stopwatch.StartNew();
        void Enter(MigrationPhase phase)
        {
            progress(phase, 0);
            phaseClock.Restart();
        }
        void Done(MigrationPhase phase) => phases[phase.ToString().ToLowerInvariant()] = phaseClock.Elapsed.TotalMilliseconds;

        using var target = NodeConnection.ToAddress(NodeAddress.Parse(member.Address), node.Credentials.Token);
        var where = $"node {to} at {member.Address}";

        // Prepare: the target answers, and holds the app bundle (sent only if it does not).
        Enter(MigrationPhase.Prepare);
        var cloneId = clone ? InstanceId.New() : null;
        var targetId = cloneId ?? instance.Id;
        var appDir = Path.GetDirectoryName(instance.App)!;
        BundleTransfer app;
        try
        {
            var info = await target.Client.GetInfoAsync(new GetInfoRequest(), deadline: Deadline(TimeSpan.FromSeconds(5)), cancellationToken: cancel);
            await MoveRoom.EnsureAsync(node, target, info, instance, appDir, what, cancel);
            app = await BundleSender.SendAsync(target.Client, appDir, new Progress<long>(b => progress(MigrationPhase.Prepare, b)), cancel);
            FaultInjector.At(FaultPoint.AfterPrepare);
            await AdoptEarlyAsync(target, instance, environment, epoch, app, appDir, cloneId, b => progress(MigrationPhase.Prepare, b), cancel);
        }
        catch (Exception e) when (e is RpcException or IOException or UnauthorizedAccessException or EnvironmentException)
        {
            await TryAbortAsync(target, targetId, epoch);
            throw new InstanceOperationException(what, $"{where}: {Reason(e)}; the instance keeps running on {self}");
        }
        Done(MigrationPhase.Prepare);

        // Pre-copy: the heap goes in rounds while the app runs; an app that cannot be pre-copied goes stop-and-copy.
        Enter(MigrationPhase.Precopy);
        using var precopy = new PreCopyRounds(instances, instance, target.Client, targetId, epoch, log);
        bool preCopied;
        try
        {
            preCopied = mode != MigrationModes.StopAndCopy && await precopy.RunAsync(b => progress(MigrationPhase.Precopy, b), cancel);
            if (!preCopied && mode == MigrationModes.PreCopy) throw new InstanceOperationException(what, $"no pre-copy: {precopy.Refusal}");
        }
        catch (Exception e) when (e is RpcException or IOException or InstanceOperationException)
        {
            // Tracking off, the rounds forgotten on the target: the app runs on as it was.
            precopy.Abort();
            await TryAbortAsync(target, targetId, epoch);
            throw new InstanceOperationException(what, $"{(e is InstanceOperationException ? "" : $"{where}: ")}{Reason(e)}; the instance keeps running on {self}");
        }
        Done(MigrationPhase.Precopy);

        // Checkpoint, held: from here the app is stopped until it runs on the target (or on here again).
        Enter(MigrationPhase.Checkpoint);
        var staging = new MoveStaging(node.Options.Paths.Dir, instance.Id);
        var keepStaging = false;
        try
        {
            var pauseStart = Stopwatch.GetTimestamp();
            TimeSpan? sourcePause = null;
            var image = MoveStaging.ImageIn(staging.State);
            // Behind a front: its clients are held first, so the image has exactly what they sent.
            using var front = FrontOf(instance);
            var toBackend = front is null ? null : await FrontCallAsync(front, c => c.FrontPauseAsync(new FrontRequest { Instance = instance.Id }).ResponseAsync, what);
            ControlResponse? checkpoint = null;
            try
            {
                // After a pre-copy the image is its final round: what changed since the last round, with the threads.
                checkpoint = InstanceCheckpoints.Checkpoint(instances, instance, what, image, leaveRunning: false, BarrierTimeout, hold: true, toBackend: toBackend?.ToBackend,
                    op: preCopied ? ControlOps.PreCopyFinal : ControlOps.Checkpoint);
                if (front is not null && checkpoint.FromBackend is { } written)
                {
                    var drain = new FrontDrainRequest { Instance = instance.Id };
                    drain.FromBackend.Add(written);
                    await FrontCallAsync(front, c => c.FrontDrainAsync(drain).ResponseAsync, what);
                }
            }
            catch (InstanceOperationException)
            {
                // The checkpoint (nothing held) or the drain (held) failed: the app and its clients go on here; the
                // target forgets the early adoption (its standby host ends) and the rounds, so a retry starts afresh.
                if (checkpoint is not null) InstanceCheckpoints.Release(instances, instance, what, resume: true);
                await ResumeFrontAsync(front, instance.Id);
                await TryAbortAsync(target, targetId, epoch);
                throw;
            }
            Done(MigrationPhase.Checkpoint);

            BundleTransfer state;
            try
            {
                FaultInjector.At(FaultPoint.AfterCheckpoint);
                Enter(MigrationPhase.Transfer);
                var paths = instances.Home.Instance(instance.Id);
                if (File.Exists(paths.OutputLog)) File.Copy(paths.OutputLog, MoveStaging.OutputLogIn(staging.State));
                instances.Environments.Export(environment, MoveStaging.EnvironmentIn(staging.State));
                if (clone)
                {
                    // The clone's state is taken: the primary runs on while it travels.
                    InstanceCheckpoints.Release(instances, instance, what, resume: true);
                    await ResumeFrontAsync(front, instance.Id);
                    sourcePause = Stopwatch.GetElapsedTime(pauseStart);
                }
                state = await BundleSender.SendAsync(target.Client, staging.State, new Progress<long>(b => progress(MigrationPhase.Transfer, b)), cancel);
                FaultInjector.At(FaultPoint.AfterTransfer);
                Done(MigrationPhase.Transfer);

                Enter(MigrationPhase.Adopt);
                var adopt = AdoptRequestFor(instance, epoch, app, appDir, state, cloneId);
                adopt.Rounds = preCopied && checkpoint.Full != true ? precopy.Sent.Count : 0;
                await target.Client.AdoptInstanceAsync(adopt, deadline: Deadline(s_callTimeout), cancellationToken: cancel);
                Done(MigrationPhase.Adopt);
            }
            catch (Exception e) when (e is RpcException or IOException or UnauthorizedAccessException or EnvironmentException or InstanceOperationException)
            {
                // Before the handover: the target forgets, the app runs on here.
                await TryAbortAsync(target, targetId, epoch);
                if (sourcePause is null)
                {
                    InstanceCheckpoints.Release(instances, instance, what, resume: true);
                    await ResumeFrontAsync(front, instance.Id);
                }
                throw new InstanceOperationException(what, $"{where}: {Reason(e)}; the instance keeps running on {self}");
            }

            // How the state travelled: the rounds (if any) and the final image.
            MigrationReport Described(MigrationReport report) => report with
            {
                Mode = preCopied ? MigrationModes.PreCopy : MigrationModes.StopAndCopy,
                FallbackReason = preCopied ? null : precopy.Refusal ?? "stop-and-copy was asked for",
                Rounds = [.. precopy.Sent],
                RoundsEnded = precopy.Ended,
                FinalRoundBytes = checkpoint.ImageBytes ?? 0,
                ImageBytes = (checkpoint.ImageBytes ?? 0) + (preCopied ? precopy.Sent.Sum(r => r.BytesSent) : 0),
            };

            if (clone) return Described(await StartCloneAsync(target, front, where, to, instance, cloneId!, what, Stopwatch.GetElapsedTime(pauseStart), sourcePause!.Value,
                app, state, phases, total, Enter, Done, cancel));

            // Handover: the target's epoch is recorded here before it is told to start, so this node never
            // resumes an instance the target may run.
            Enter(MigrationPhase.Handover);
            node.Database.SetOwnership(new InstanceOwnership(instance.Id, epoch, to));
            log.LogInformation("Instance {Id} handed over to {Node} at epoch {Epoch}", instance.Id, to, epoch);
            var warm = false;
            try
            {
                FaultInjector.At(FaultPoint.AfterHandover);
                var started = await CommitAsync(target, instance.Id, epoch, cancel);
                warm = started.Warm;
                if (front is not null) await SwitchFrontAsync(front, instance.Id, started);
            }
            catch (Exception e) when (e is RpcException or IOException)
            {
                if (await TryAbortAsync(target, instance.Id, epoch))
                {
                    // The target promised never to start it: take it back and let it run on.
                    node.Database.SetOwnership(new InstanceOwnership(instance.Id, epoch - 1, self));
                    InstanceCheckpoints.Release(instances, instance, what, resume: true);
                    await ResumeFrontAsync(front, instance.Id);
                    throw new InstanceOperationException(what, $"{where} did not start it ({Reason(e)}); the instance keeps running on {self}");
                }
                keepStaging = true;
                throw new InstanceOperationException(what,
                    $"{where} did not confirm the handover ({Reason(e)}); the instance is held frozen on {self} with its image at {image} — nothing is lost; it runs again once {to} answers");
            }
            var pause = Stopwatch.GetElapsedTime(pauseStart);
            Done(MigrationPhase.Handover);

            // Release: the held app ends here; what is left of it here goes.
            Enter(MigrationPhase.Release);
            FaultInjector.At(FaultPoint.BeforeRelease);
            EndMovedAway(instances, instance, what);
            Done(MigrationPhase.Release);

            return Described(new MigrationReport
            {
                Instance = instance.Id,
                Name = instance.Name,
                From = self,
                To = to,
                Epoch = epoch,
                PhaseMs = phases,
                AppBytesSent = app.BytesSent,
                StateBytesSent = state.BytesSent,
                PauseMs = pause.TotalMilliseconds,
                WarmTarget = warm,
                TotalMs = total.Elapsed.TotalMilliseconds,
            });
        }
        finally
        {
            if (!keepStaging) staging.Dispose();
        }
    }

    private AdoptRequest AdoptRequestFor(InstanceInfo instance, long epoch, BundleTransfer app, string appDir, BundleTransfer state, string? cloneId) => new()
    {
        InstanceJson = JsonSerializer.Serialize(instance, FerryJsonContext.Default.InstanceInfo),
        Epoch = epoch,
        AppBundle = app.Id,
        AppFile = Path.GetFileName(instance.App),
        StateBundle = state.Id,
        SourceAppDir = appDir,
        SourceNode = node.Options.Name,
        CloneId = cloneId ?? "",
    };

    /// <summary>
    /// Early adopt (docs/migration.md, "Warm target"): the record and a first export of the environment, taken while
    /// the app runs, so the target adopts it and starts a standby host that reads the rounds as they land.
    /// </summary>
    private async Task AdoptEarlyAsync(NodeConnection target, InstanceInfo instance, string environment, long epoch, BundleTransfer app, string appDir, string? cloneId,
        Action<long> sent, CancellationToken cancel)
    {
        using var staging = new MoveStaging(node.Options.Paths.Dir, instance.Id);
        node.Instances.Environments.Export(environment, MoveStaging.EnvironmentIn(staging.State));
        var state = await BundleSender.SendAsync(target.Client, staging.State, new Progress<long>(sent), cancel);
        var adopt = AdoptRequestFor(instance, epoch, app, appDir, state, cloneId);
        adopt.Early = true;
        await target.Client.AdoptInstanceAsync(adopt, deadline: Deadline(s_callTimeout), cancellationToken: cancel);
    }

    /// <summary>The clone's target starts it (a new instance: no ownership passes); the primary already runs on.</summary>
    private async Task<MigrationReport> StartCloneAsync(NodeConnection target, NodeConnection? front, string where, string to, InstanceInfo primary, string cloneId, string what,
        TimeSpan sinceFreeze, TimeSpan sourcePause, BundleTransfer app, BundleTransfer state, Dictionary<string, double> phases, Stopwatch total,
        Action<MigrationPhase> enter, Action<MigrationPhase> done, CancellationToken cancel)
    {
        var started = Stopwatch.StartNew();
        enter(MigrationPhase.Handover);
        CommitReply running;
        try
        {
            running = await CommitAsync(target, cloneId, 0, cancel);
            if (front is not null)
            {
                // New clients of the primary's published ports are spread over the clone too.
                var add = new FrontSwitchRequest { Instance = cloneId };
                add.Listeners.AddRange(running.Listeners);
                await front.Client.FrontAddAsync(add, deadline: Deadline(s_callTimeout), cancellationToken: cancel);
            }
        }
        catch (Exception e) when (e is RpcException or IOException)
        {
            await TryAbortAsync(target, cloneId, 0);
            throw new InstanceOperationException(what, $"{where} did not start the clone ({Reason(e)}); instance {primary.Id} keeps running on {node.Options.Name}");
        }
        done(MigrationPhase.Handover);
        log.LogInformation("Instance {Id} cloned to {Clone} on {Node}", primary.Id, cloneId, to);
        return new MigrationReport
        {
            Instance = cloneId,
            ClonedFrom = primary.Id,
            Name = primary.Name,
            From = node.Options.Name,
            To = to,
            PhaseMs = phases,
            AppBytesSent = app.BytesSent,
            StateBytesSent = state.BytesSent,
            PauseMs = sourcePause.TotalMilliseconds,
            WarmTarget = running.Warm,
            TimeToRunningMs = (sinceFreeze + started.Elapsed).TotalMilliseconds,
            TotalMs = total.Elapsed.TotalMilliseconds,
        };
    }

    /// <summary>The instance runs on another node now: its held app ends here, and what is left of it here goes.</summary>
    public static void EndMovedAway(LocalInstances instances, InstanceInfo instance, string what)
    {
        InstanceCheckpoints.Release(instances, instance, what, resume: false);
        instances.Store.Remove(instance.Id);
        InstanceEnvironments.RemoveEphemeral(instances, instance);
    }

    /// <summary>Tell the target to start; a lost reply is asked again (commit is idempotent at one epoch).</summary>
    private static async Task<CommitReply> CommitAsync(NodeConnection target, string id, long epoch, CancellationToken cancel)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await target.Client.CommitInstanceAsync(new CommitRequest { InstanceId = id, Epoch = epoch }, deadline: Deadline(s_callTimeout), cancellationToken: cancel);
            }
            catch (RpcException e) when (attempt < 3 && e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancel);
            }
        }
    }

    /// <summary>The node whose front serves <paramref name="instance"/>'s published ports, if any (this one included).</summary>
    private NodeConnection? FrontOf(InstanceInfo instance)
    {
        if (instance.FrontNode is not { } name) return null;
        var address = name == node.Options.Name
            ? node.Options.Listen
            : node.Database.Members().FirstOrDefault(m => m.Name == name) is { } member ? NodeAddress.Parse(member.Address) : null;
        if (address is null) throw new InstanceOperationException($"migrate {instance.Id}", $"its front runs on node {name}, which this node does not know");
        return NodeConnection.ToAddress(address, node.Credentials.Token);
    }

    /// <summary>A call to the front's node; its failure is a one-line refusal (the app still runs: nothing was held yet, or the caller resumes it).</summary>
    private static async Task<T> FrontCallAsync<T>(NodeConnection front, Func<NodeApi.NodeApiClient, Task<T>> call, string what)
    {
        try
        {
            return await call(front.Client);
        }
        catch (RpcException e)
        {
            throw new InstanceOperationException(what, $"the front at {front.Describes}: {Reason(e)}");
        }
    }

    /// <summary>
    /// The instance runs on the target: its front connections and new clients go there, then flow again. A switch
    /// that fails does not undo the move (the target owns it now): the front resumes and the clients whose legs
    /// could not be moved see their connection end.
    /// </summary>
    private async Task SwitchFrontAsync(NodeConnection front, string id, CommitReply started)
    {
        var switchTo = new FrontSwitchRequest { Instance = id };
        switchTo.Listeners.AddRange(started.Listeners);
        try
        {
            await front.Client.FrontSwitchAsync(switchTo, deadline: Deadline(s_callTimeout));
        }
        catch (RpcException e)
        {
            log.LogWarning("Front of {Id} not switched to its new node: {Status}", id, e.Status.Detail);
        }
        await ResumeFrontAsync(front, id);
    }

    /// <summary>Let the clients flow again (nothing when no front serves it); a front that cannot be reached is logged.</summary>
    private async Task ResumeFrontAsync(NodeConnection? front, string id)
    {
        if (front is null) return;
        try
        {
            await front.Client.FrontResumeAsync(new FrontRequest { Instance = id }, deadline: Deadline(TimeSpan.FromSeconds(10)));
        }
        catch (RpcException e)
        {
            log.LogWarning("Front of {Id} not resumed: {Status}", id, e.Status.Detail);
        }
    }

    /// <summary>True when the target answered that it holds nothing of this move (and so never starts it).</summary>
    private async Task<bool> TryAbortAsync(NodeConnection target, string id, long epoch)
    {
        try
        {
            await target.Client.AbortInstanceAsync(new CommitRequest { InstanceId = id, Epoch = epoch }, deadline: Deadline(TimeSpan.FromSeconds(10)));
            return true;
        }
        catch (RpcException e)
        {
            log.LogWarning("Abort of {Id} at epoch {Epoch} not confirmed: {Status}", id, epoch, e.Status.Detail);
            return false;
        }
    }

    private static DateTime Deadline(TimeSpan after) => DateTime.UtcNow + after;

    private static string Reason(Exception e) => e switch
    {
        RpcException { StatusCode: StatusCode.Unavailable } => "unreachable",
        RpcException { StatusCode: StatusCode.DeadlineExceeded } => "did not answer in time",
        RpcException { StatusCode: StatusCode.Unauthenticated } => "refused this cluster's token",
        RpcException r => r.Status.Detail,
        InstanceOperationException o => o.Why,
        _ => e.Message,
    };
}
