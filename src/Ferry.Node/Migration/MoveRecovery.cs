using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Instances;
using Ferry.Node.State;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Migration;

/// <summary>
/// Finishes moves a dead node left half-done, at start and then every few seconds. The ownership record decides:
/// <list type="bullet">
/// <item>a held app (frozen by a move) this node still owns: the move never handed it over — it runs on here;</item>
/// <item>a held app handed to another node at epoch e: the handover was decided — commit e there again
/// (idempotent) and end it here; if the target holds nothing of it (it restarted, or aborted), take it back
/// and let it run on; if the target does not answer, keep it held (nothing lost, nothing running twice);</item>
/// <item>an adopted instance never started: started if its commit is recorded here, forgotten if not — also while
/// this process still waits for its commit, once that has taken longer than <see cref="PendingAdoptionLifetime"/>.</item>
/// </list>
/// </summary>
public sealed class MoveRecovery(NodeContext node, InstanceAdopter adopter, MovesInFlight moving, ILogger<MoveRecovery> log) : BackgroundService
{
    private static readonly TimeSpan s_period = TimeSpan.FromSeconds(3);

    /// <summary>How long an adoption waits for its commit or abort: a move's adopt → commit gap is milliseconds.</summary>
    public static readonly TimeSpan PendingAdoptionLifetime = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(stop);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Move recovery sweep failed; next in {Period}", s_period);
            }
            await Task.Delay(s_period, stop).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One pass over this node's instances.</summary>
    public async Task SweepAsync(CancellationToken cancel)
    {
        var instances = node.Instances;
        await adopter.ExpireAsync(PendingAdoptionLifetime, cancel);
        foreach (var instance in instances.Store.List())
        {
            if (instance.HasEnded || instance.State == InstanceState.Lost || moving.Contains(instance.Id)) continue;
            var owned = node.Database.OwnershipOf(instance.Id);
            var ownedHere = owned is null || owned.Owner == node.Options.Name;
            if (instance.State == InstanceState.Created)
            {
                if (instance.MovedFrom is null || adopter.IsPending(instance.Id)) continue;
                RecoverAdopted(instance, owned, ownedHere);
                continue;
            }
            if (!IsHeld(instance)) continue;
            if (ownedHere)
            {
                log.LogWarning("Instance {Id} was left held by a move that never handed it over: it runs on here", instance.Id);
                InstanceCheckpoints.Release(instances, instance, "recover", resume: true);
                continue;
            }
            await FinishHandoverAsync(instance, owned!, cancel);
        }
    }

    private void RecoverAdopted(InstanceInfo instance, InstanceOwnership? owned, bool ownedHere)
    {
        if (instance.Pid is not null)
        {
            // A standby host its move left (the node restarted before the go): it ends; the rounds and image are on disk.
            log.LogWarning("Instance {Id}: ending the standby host a move left (pid {Pid})", instance.Id, instance.Pid);
            StandbyHost.Of(node.Instances, instance).Abort();
            instance = instance with { State = InstanceState.Created, Pid = null, PidStartTime = null, ExitCode = null, EndedAt = null, Error = null };
            node.Instances.Store.Save(instance);
        }
        if (owned is not null && ownedHere && instance.RestoredFrom is { } image && instance.EnvironmentName is { } environment)
        {
            log.LogWarning("Instance {Id} was committed here at epoch {Epoch} but never started: starting it", instance.Id, owned.Epoch);
            adopter.Start(instance, image, node.Instances.Environments.PathsOf(environment).Dir, owned.Epoch);
            return;
        }
        log.LogInformation("Forgetting instance {Id}: adopted from {Source}, never committed", instance.Id, instance.MovedFrom);
        node.Instances.Store.Remove(instance.Id);
        node.Rounds.Delete(instance.Id);
    }

    private async Task FinishHandoverAsync(InstanceInfo instance, InstanceOwnership owned, CancellationToken cancel)
    {
        var member = node.Database.Members().FirstOrDefault(m => m.Name == owned.Owner);
        if (member is null) return;
        using var target = NodeConnection.ToAddress(Cluster.NodeAddress.Parse(member.Address), node.Credentials.Token);
        try
        {
            await target.Client.CommitInstanceAsync(new CommitRequest { InstanceId = instance.Id, Epoch = owned.Epoch }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: cancel);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            // The target holds nothing to start; make sure it never will, then take the instance back.
            try
            {
                await target.Client.AbortInstanceAsync(new CommitRequest { InstanceId = instance.Id, Epoch = owned.Epoch }, deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: cancel);
            }
            catch (RpcException)
            {
                return; // not sure: stay held
            }
            log.LogWarning("Instance {Id}: {Target} did not take it ({Why}); it runs on here", instance.Id, owned.Owner, e.Status.Detail);
            node.Database.SetOwnership(new InstanceOwnership(instance.Id, owned.Epoch - 1, node.Options.Name));
            InstanceCheckpoints.Release(node.Instances, instance, "recover", resume: true);
            return;
        }
        catch (RpcException e)
        {
            log.LogInformation("Instance {Id} stays held: {Target} does not answer ({Status})", instance.Id, owned.Owner, e.StatusCode);
            return;
        }
        log.LogInformation("Instance {Id} runs on {Target} at epoch {Epoch}: ending it here", instance.Id, owned.Owner, owned.Epoch);
        InstanceMover.EndMovedAway(node.Instances, instance, "recover");
    }

    private bool IsHeld(InstanceInfo instance)
    {
        try
        {
            var status = ControlClient.Send(node.Instances.Home.Instance(instance.Id).ControlSocket, new ControlRequest { Op = ControlOps.Status }, TimeSpan.FromSeconds(5));
            return status.Held == true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
