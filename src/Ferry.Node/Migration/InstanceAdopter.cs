using System.Collections.Concurrent;
using System.Text.Json;
using Ferry.Abstractions;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Output;
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

    /// <summary>An adoption waiting for its commit: after an early adopt, its final <see cref="Image"/> comes with the adopt after the hold.</summary>
    private sealed class Adopted(InstanceInfo instance, long epoch, string? image, string environmentDir, string source)
    {
        public InstanceInfo Instance { get; set; } = instance;
        public long Epoch => epoch;
        public string? Image { get; set; } = image;
        public string EnvironmentDir => environmentDir;
        public string Source => source;
        /// <summary>The warm host that reads the rounds as they land; null when none runs (failed, or not early).</summary>
        public StandbyHost? Standby { get; set; }
        public int RoundsApplied { get; set; }
        /// <summary>When the source last did something for it (the adopts, each round landed): the expiry counts from here.</summary>
        public DateTimeOffset At { get; set; } = DateTimeOffset.UtcNow;
    }

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
            if (!node.Bundles.Has(request.AppBundle)) throw new InstanceOperationException(what, $"app bundle {request.AppBundle} is not here");
            if (!node.Bundles.Has(request.StateBundle)) throw new InstanceOperationException(what, $"state bundle {request.StateBundle} is not here");
            var state = node.Bundles.PathOf(request.StateBundle);
            if (!request.Early && _adopted.TryGetValue(info.Id, out var early) && early.Epoch == request.Epoch && early.Image is null)
                Finish(early, request, state, what);
            else
                AdoptNew(request, info, state, what);
            if (!request.Early) FaultInjector.At(FaultPoint.AfterAdopt);
            log.LogInformation("Adopted instance {Id} from {Source} for epoch {Epoch}{Early}", info.Id, request.SourceNode, request.Epoch, request.Early ? " (early)" : "");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Take the instance in: its environment imported, its app woven, its record written (Created). An early adopt has
    /// no image yet: a standby host starts for it, to read the rounds as they land.
    /// </summary>
    private void AdoptNew(AdoptRequest request, InstanceInfo info, string state, string what)
    {
        var instances = node.Instances;
        var appDir = node.Bundles.PathOf(request.AppBundle);
        var appPath = Path.Combine(appDir, request.AppFile);
        var environment = info.EnvironmentName ?? throw new InstanceOperationException(what, "the instance has no environment");
        if (InstanceEnvironments.RunningIn(instances, environment) is [var user, ..])
            throw new InstanceOperationException(what, $"environment \"{environment}\" is in use here by instance {user.Id}");

        instances.WithEnvironments(what, store => store.Import(environment, MoveStaging.EnvironmentIn(state), Rewrites(request, appDir)));
        string prepared;
        try
        {
            prepared = instances.Cache.Prepare(appPath);
        }
        catch (Exception e) when (e is WeavingException or IOException or UnauthorizedAccessException)
        {
            throw new InstanceOperationException(what, $"cannot weave the app: {e.Message}");
        }
        string? image = null;
        var woven = prepared;
        if (!request.Early)
        {
            image = MoveStaging.ImageIn(state);
            (_, woven) = InstanceLaunches.LocateApp(instances, what, image);
            CheckRounds(info.Id, request, what);
        }
        else
        {
            node.Rounds.Delete(info.Id, request.Epoch); // left from an earlier try of this epoch
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
            instances.Store.Adopt(adopted, !request.Early && File.Exists(MoveStaging.OutputLogIn(state)) ? MoveStaging.OutputLogIn(state) : null);
        }
        catch (InstanceLookupException e)
        {
            throw new InstanceOperationException(what, e.Message);
        }
        var entry = new Adopted(adopted, request.Epoch, image, instances.Environments.PathsOf(environment).Dir, request.SourceNode);
        // Pending before its standby starts: recovery's sweep must not take the record for an orphan meanwhile.
        _adopted[info.Id] = entry;
        if (request.Early) entry.Standby = TryStartStandby(entry, what);
    }

    /// <summary>
    /// The adopt after the hold, of an early-adopted instance: the environment refreshed in place (the standby's
    /// sandbox bound its directory), the output log brought up to date, the final image noted for the commit.
    /// </summary>
    private void Finish(Adopted entry, AdoptRequest request, string state, string what)
    {
        var instances = node.Instances;
        var id = entry.Instance.Id;
        var appDir = node.Bundles.PathOf(request.AppBundle);
        var environment = entry.Instance.EnvironmentName ?? throw new InstanceOperationException(what, "the instance has no environment");
        instances.WithEnvironments(what, store => store.Refresh(environment, MoveStaging.EnvironmentIn(state), Rewrites(request, appDir)));
        var image = MoveStaging.ImageIn(state);
        var (header, woven) = InstanceLaunches.LocateApp(instances, what, image);
        CheckRounds(id, request, what);
        // The standby loaded the build woven here; the image may name the source's copy of the same build.
        if (entry.Instance.WovenApp is { } loaded && Apps.ImageAppLocator.Matches(header, loaded)) woven = loaded;
        else DropStandby(entry, "the image was made by another build of the app");
        // A whole image (stop-and-copy, or a final round written whole) after rounds the standby read: restore it fresh.
        if (request.Rounds == 0 && entry.RoundsApplied > 0) DropStandby(entry, "the final image is whole, after rounds");
        if (request.Rounds == 0 && entry.Standby is null) node.Rounds.Delete(id, request.Epoch);
        // The host (standby or not) appends to the log; the source's records go first (the standby has written only
        // the log's magic yet: the source's is skipped then).
        var paths = instances.Home.Instance(id);
        if (File.Exists(MoveStaging.OutputLogIn(state)))
        {
            using var from = File.OpenRead(MoveStaging.OutputLogIn(state));
            using var to = new FileStream(paths.OutputLog, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            if (to.Length > 0) from.Position = Math.Min(from.Length, OutputLogFormat.Magic.Length);
            from.CopyTo(to);
        }
        entry.Image = image;
        entry.At = DateTimeOffset.UtcNow;
        entry.Instance = entry.Instance with { WovenApp = woven, RestoredFrom = image };
        // The record on disk too (a recovery after a node restart restores from it); the standby's pid stays as it wrote it.
        var record = InstanceMetadataFile.TryRead(paths.Metadata) ?? entry.Instance;
        instances.Store.Save(record with { WovenApp = woven, RestoredFrom = image });
    }

    private static Dictionary<string, string> Rewrites(AdoptRequest request, string appDir) => new() { [request.SourceAppDir] = appDir };

    /// <summary>A pre-copy: the image is the final round, after the rounds that came while the app ran (all of them here).</summary>
    private void CheckRounds(string id, AdoptRequest request, string what)
    {
        if (request.Rounds <= 0)
        {
            return;
        }
        int held;
        try
        {
            held = node.Rounds.Files(id, request.Epoch).Count;
        }
        catch (InvalidDataException e)
        {
            throw new InstanceOperationException(what, e.Message);
        }
        if (held != request.Rounds) throw new InstanceOperationException(what, $"{held} of the {request.Rounds} pre-copy rounds are here");
    }

    /// <summary>A standby host for an early adoption, or null (logged) when it cannot start: the commit then restores as before.</summary>
    private StandbyHost? TryStartStandby(Adopted entry, string what)
    {
        var instance = entry.Instance;
        var clone = instance.ClonedFrom is not null;
        try
        {
            return StandbyHost.Start(node.Instances, instance, node.Rounds.DirFor(instance.Id, entry.Epoch), entry.EnvironmentDir,
                fronted: clone || instance.FrontNode is not null, detachedConnections: clone, what: $"standby {instance.Id}",
                frontBind: InstanceLaunches.FrontBindAddress(node.Options.Listen));
        }
        catch (Exception e) when (e is InstanceOperationException or IOException or UnauthorizedAccessException)
        {
            log.LogWarning("No standby host for {Id} ({What}): {Why}; the commit restores it", instance.Id, what, e.Message);
            node.Instances.Store.Save(instance);
            return null;
        }
    }

    /// <summary>End the standby host of <paramref name="entry"/>, if any: its record is the adopted one again, and the commit restores from the rounds on disk.</summary>
    private void DropStandby(Adopted entry, string why)
    {
        if (entry.Standby is not { } standby) return;
        entry.Standby = null;
        standby.Abort();
        node.Instances.Store.Save(entry.Instance);
        log.LogWarning("Standby host of {Id} ended ({Why}); the commit restores it", entry.Instance.Id, why);
    }

    /// <summary>A pre-copy round of <paramref name="id"/> landed (its file is kept): the standby host, if one runs, reads it now.</summary>
    public async Task RoundArrivedAsync(string id, long epoch, int round, CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel);
        try
        {
            if (!_adopted.TryGetValue(id, out var entry) || entry.Epoch != epoch) return;
            entry.At = DateTimeOffset.UtcNow;
            if (entry.Standby is not { } standby) return;
            if (round != entry.RoundsApplied)
            {
                DropStandby(entry, $"round {round} came after {entry.RoundsApplied} were read");
                return;
            }
            try
            {
                standby.ApplyRound(node.Rounds.Files(id, epoch)[round]);
                entry.RoundsApplied++;
            }
            catch (Exception e) when (e is InstanceOperationException or InvalidDataException or IOException or ArgumentOutOfRangeException)
            {
                DropStandby(entry, $"round {round}: {e.Message}");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Start the adopted instance at <paramref name="epoch"/> (or find it running already); where it listens behind the front.</summary>
    public async Task<CommittedInstance> CommitAsync(string id, long epoch, CancellationToken cancel)
    {
        var what = $"commit {id}";
        await _gate.WaitAsync(cancel);
        try
        {
            var instances = node.Instances;
            if (node.Database.OwnershipOf(id) is { } owned && owned.Owner == node.Options.Name && owned.Epoch == epoch
                && instances.Store.Find(id) is { HasEnded: false, State: not InstanceState.Created } running)
                return new CommittedInstance(ListenersOf(running), Warm: false); // asked again after a lost reply
            if (!_adopted.TryGetValue(id, out var adopted) || adopted.Epoch != epoch)
                throw new InstanceOperationException(what, $"this node has not adopted instance {id} for epoch {epoch}");
            var previous = node.Database.OwnershipOf(id);
            bool warm;
            node.Database.SetOwnership(new InstanceOwnership(id, epoch, node.Options.Name));
            try
            {
                FaultInjector.At(FaultPoint.BeforeStart);
                warm = StartAdopted(adopted, epoch, what);
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
            return new CommittedInstance(ListenersOf(adopted.Instance), warm);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The standby host's go with the final image (true); if there is none or it fails (nothing of the app ran), a restore from the rounds on disk (false).</summary>
    private bool StartAdopted(Adopted adopted, long epoch, string what)
    {
        var image = adopted.Image ?? throw new InstanceOperationException(what, $"the final state of instance {adopted.Instance.Id} has not come");
        if (adopted.Standby is { } standby)
        {
            try
            {
                standby.Go(node.Rounds.PlaceFinal(adopted.Instance.Id, epoch, image));
                adopted.Standby = null;
                node.Rounds.Delete(adopted.Instance.Id, epoch);
                return true;
            }
            catch (Exception e) when (e is InstanceOperationException or IOException or UnauthorizedAccessException)
            {
                DropStandby(adopted, $"its go failed: {e.Message}");
            }
        }
        Start(adopted.Instance, image, adopted.EnvironmentDir, epoch);
        return false;
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

    /// <summary>An early adoption's lifetime, in pending-adoption lifetimes since the source's last step (a standby host runs meanwhile; the expiry ends it).</summary>
    private const int EarlyLifetimeFactor = 2;

    /// <summary>
    /// Forget adoptions that waited longer than <paramref name="lifetime"/> for their commit: the source died or the
    /// link went, and its abort never came. Safe: a commit that still comes finds nothing (FailedPrecondition), and
    /// the source then aborts and takes the instance back — it never runs twice, and it is never left nowhere.
    /// </summary>
    public async Task ExpireAsync(TimeSpan lifetime, CancellationToken cancel)
    {
        // An early adoption waits for rounds and then the final state (a base round, or a whole image's checkpoint
        // and transfer, can take longer than a commit): it gets more time since the source's last step.
        var stale = _adopted.Where(a => DateTimeOffset.UtcNow - a.Value.At > (a.Value.Image is null ? EarlyLifetimeFactor * lifetime : lifetime)).ToList();
        if (stale.Count == 0) return;
        await _gate.WaitAsync(cancel);
        try
        {
            foreach (var (id, adopted) in stale)
            {
                if (!_adopted.TryRemove(new KeyValuePair<string, Adopted>(id, adopted))) continue;
                adopted.Standby?.Abort();
                node.Instances.Store.Remove(id);
                node.Rounds.Delete(id, adopted.Epoch);
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
                adopted.Standby?.Abort();
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
