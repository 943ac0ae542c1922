using System.Collections.Concurrent;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Environments;
using Ferry.Node.Api;
using Ferry.Node.Cluster;
using Ferry.Node.Instances;
using Ferry.Node.State;
using Ferry.Weaver;
using Microsoft.Extensions.Logging;

namespace Ferry.Node.Migration;

/// <summary>
/// The target side of a move: adopt (take the instance in, ready, not started — after a pre-copy, its rounds
/// already here, <see cref="IncomingRounds"/>), then commit (the source has handed over this epoch: record it,
/// start from the rounds and the final image) or abort (forget it and its rounds; refused once committed). One move at a time
/// per node, so a commit and an abort of the same instance never cross.
/// </summary>
public sealed class InstanceAdopter(NodeContext node, ILogger<InstanceAdopter> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, Adopted> _adopted = new(StringComparer.Ordinal);

    /// <summary>True while an adoption of <paramref name="id"/> waits for its commit or abort (in this process).</summary>
    public bool IsPending(string id) => _adopted.ContainsKey(id);

    private sealed record Adopted(InstanceInfo Instance, long Epoch, string Image, string EnvironmentDir, string Source, DateTimeOffset At);

    public async Task AdoptAsync(AdoptRequest request, CancellationToken cancel)
    {
        var info = JsonSerializer.Deserialize(request.InstanceJson, FerryJsonContext.Default.InstanceInfo)
            ?? throw new InstanceOperationException("adopt", "no instance record");
        var clone = request.CloneId.Length > 0;
        if (clone)
        {
            if (!InstanceId.IsWellFormed(request.CloneId)) throw new InstanceOperationException("adopt", $"invalid clone id \"{request.CloneId}\"");
            // A clone is a new instance: its own id and name, and a private environment of its own — a copy of the
            // primary's, named or not, so clones on one node never share files (nor refuse each other as "in use").
            info = info with
            {
                Id = request.CloneId,
                Name = $"{info.Name}-clone-{request.CloneId[..4]}",
                ClonedFrom = info.Id,
                EnvironmentName = info.EnvironmentName is null ? null : InstanceEnvironments.EphemeralName(request.CloneId),
                CreatedAt = DateTimeOffset.UtcNow,
            };
        }
        var what = $"adopt {info.Id}";
        await _gate.WaitAsync(cancel);
        try
        {
            if (node.Database.OwnershipOf(info.Id) is { } owned && owned.Epoch >= request.Epoch)
                throw new InstanceOperationException(what, $"this node already had instance {info.Id} at epoch {owned.Epoch}");
            var instances = node.Instances;
            if (!node.Bundles.Has(request.AppBundle)) throw new InstanceOperationException(what, $"app bundle {request.AppBundle} is not here");
            if (!node.Bundles.Has(request.StateBundle)) throw new InstanceOperationException(what, $"state bundle {request.StateBundle} is not here");
            var appDir = node.Bundles.PathOf(request.AppBundle);
            var appPath = Path.Combine(appDir, request.AppFile);
            var state = node.Bundles.PathOf(request.StateBundle);
            var environment = info.EnvironmentName ?? throw new InstanceOperationException(what, "the instance has no environment");
            if (InstanceEnvironments.RunningIn(instances, environment) is [var user, ..])
                throw new InstanceOperationException(what, $"environment \"{environment}\" is in use here by instance {user.Id}");

            instances.WithEnvironments(what, store => store.Import(environment, MoveStaging.EnvironmentIn(state),
                new Dictionary<string, string> { [request.SourceAppDir] = appDir }));
            try
            {
                instances.Cache.Prepare(appPath);
            }
            catch (Exception e) when (e is WeavingException or IOException or UnauthorizedAccessException)
            {
                throw new InstanceOperationException(what, $"cannot weave the app: {e.Message}");
            }
            var image = MoveStaging.ImageIn(state);
            var (_, woven) = InstanceLaunches.LocateApp(instances, what, image);
            // A pre-copy: the image is the final round, after the rounds that came while the app ran (all of them here).
            if (request.Rounds > 0)
            {
                int held;
                try
                {
                    held = node.Rounds.Files(info.Id, request.Epoch).Count;
                }
                catch (InvalidDataException e)
                {
                    throw new InstanceOperationException(what, e.Message);
                }
                if (held != request.Rounds) throw new InstanceOperationException(what, $"{held} of the {request.Rounds} pre-copy rounds are here");
            }
            else
            {
                node.Rounds.Delete(info.Id, request.Epoch);
            }
            var adopted = info with
            {
                App = appPath,
                WovenApp = woven,
                State = InstanceState.Created,
                Detached = true,
                Pid = null,
                PidStartTime = null,
                ExitCode = null,
                StartedAt = null,
                EndedAt = null,
                Error = null,
                RestoredFrom = image,
                MovedFrom = request.SourceNode,
            };
            try
            {
                instances.Store.Adopt(adopted, File.Exists(MoveStaging.OutputLogIn(state)) ? MoveStaging.OutputLogIn(state) : null);
            }
            catch (InstanceLookupException e)
            {
                throw new InstanceOperationException(what, e.Message);
            }
            _adopted[info.Id] = new Adopted(adopted, request.Epoch, image, instances.Environments.PathsOf(environment).Dir, request.SourceNode, DateTimeOffset.UtcNow);
            FaultInjector.At(FaultPoint.AfterAdopt);
            log.LogInformation("Adopted instance {Id} from {Source} for epoch {Epoch}", info.Id, request.SourceNode, request.Epoch);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Start the adopted instance at <paramref name="epoch"/> (or find it running already); where it listens behind the front.</summary>
    public async Task<IReadOnlyList<FrontedListener>> CommitAsync(string id, long epoch, CancellationToken cancel)
    {
        var what = $"commit {id}";
        await _gate.WaitAsync(cancel);
        try
        {
            var instances = node.Instances;
            if (node.Database.OwnershipOf(id) is { } owned && owned.Owner == node.Options.Name && owned.Epoch == epoch
                && instances.Store.Find(id) is { HasEnded: false, State: not InstanceState.Created } running)
                return ListenersOf(running); // asked again after a lost reply
            if (!_adopted.TryGetValue(id, out var adopted) || adopted.Epoch != epoch)
                throw new InstanceOperationException(what, $"this node has not adopted instance {id} for epoch {epoch}");
            var previous = node.Database.OwnershipOf(id);
            node.Database.SetOwnership(new InstanceOwnership(id, epoch, node.Options.Name));
            try
            {
                FaultInjector.At(FaultPoint.BeforeStart);
                Start(adopted.Instance, adopted.Image, adopted.EnvironmentDir, epoch);
                // Only now: until it has started, recovery must not take it for an orphan (or start it twice).
                _adopted.TryRemove(id, out _);
            }
            catch (Exception e) when (e is InstanceOperationException or IOException)
            {
                // It does not run here: the epoch is not ours after all, so the source may take it back (abort).
                node.Database.RestoreOwnership(id, previous);
                throw;
            }
            log.LogInformation("Instance {Id} runs here at epoch {Epoch} (from {Source})", id, epoch, adopted.Source);
            FaultInjector.At(FaultPoint.AfterStart);
            return ListenersOf(adopted.Instance);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Where a fronted instance listens for the front's legs (none for one that binds its ports itself).</summary>
    private IReadOnlyList<FrontedListener> ListenersOf(InstanceInfo instance) =>
        instance.FrontNode is null && instance.ClonedFrom is null ? [] : InstanceListeners.Of(node.Instances, instance, $"commit {instance.Id}");

    /// <summary>
    /// Start an adopted instance this node owns but has not started: after a commit, or at a node start that
    /// finds a commit recorded whose start never happened (the node died in between).
    /// </summary>
    /// <param name="epoch">The move's epoch (0 for a clone): a pre-copy's rounds are found by it.</param>
    public void Start(InstanceInfo adopted, string image, string environmentDir, long epoch)
    {
        // A clone runs beside its primary: behind the front (its published ports on loopback ports of its own,
        // so it never competes with the primary's), and the primary's client connections stay with the primary.
        var clone = adopted.ClonedFrom is not null;
        IReadOnlyList<string> rounds;
        try
        {
            rounds = node.Rounds.Files(adopted.Id, epoch);
        }
        catch (InvalidDataException e)
        {
            throw new InstanceOperationException($"migrate {adopted.Id}", e.Message);
        }
        var launch = InstanceLaunches.RestoreLaunch(node.Instances, adopted, $"migrate {adopted.Id}", image, environmentDir, detach: true,
            fronted: clone || adopted.FrontNode is not null, detachedConnections: clone, rounds: rounds,
            frontBind: InstanceLaunches.FrontBindAddress(node.Options.Listen));
        new InstanceStarter(node.Instances).StartDetached(launch);
        // It runs: the rounds are in its heap now.
        node.Rounds.Delete(adopted.Id, epoch);
    }

    /// <summary>
    /// Forget adoptions that waited longer than <paramref name="lifetime"/> for their commit: the source died or the
    /// link went, and its abort never came. Safe: a commit that still comes finds nothing (FailedPrecondition), and
    /// the source then aborts and takes the instance back — it never runs twice, and it is never left nowhere.
    /// </summary>
    public async Task ExpireAsync(TimeSpan lifetime, CancellationToken cancel)
    {
        var stale = _adopted.Where(a => DateTimeOffset.UtcNow - a.Value.At > lifetime).ToList();
        if (stale.Count == 0) return;
        await _gate.WaitAsync(cancel);
        try
        {
            foreach (var (id, adopted) in stale)
            {
                if (!_adopted.TryRemove(new KeyValuePair<string, Adopted>(id, adopted))) continue;
                node.Instances.Store.Remove(id);
                log.LogWarning("Adoption of {Id} for epoch {Epoch} from {Source} expired: no commit or abort came", id, adopted.Epoch, adopted.Source);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Forget an adopted, uncommitted instance; refused (the caller must not take it back) once committed.</summary>
    public async Task AbortAsync(string id, long epoch, CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel);
        try
        {
            if (node.Database.OwnershipOf(id) is { } owned && owned.Owner == node.Options.Name && owned.Epoch >= epoch)
                throw new InstanceOperationException($"abort {id}", $"instance {id} was committed here at epoch {owned.Epoch}");
            if (_adopted.TryRemove(id, out var adopted))
            {
                node.Instances.Store.Remove(id);
                log.LogInformation("Adoption of {Id} for epoch {Epoch} from {Source} aborted", id, epoch, adopted.Source);
            }
            node.Rounds.Delete(id, epoch);
        }
        finally
        {
            _gate.Release();
        }
    }
}
