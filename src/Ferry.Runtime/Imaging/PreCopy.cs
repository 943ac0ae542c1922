using System.Reflection;
using System.Diagnostics;
using Ferry.Images;
using Ferry.Images.Graph;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Tracking;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// Pre-copy for live migration: the app's heap is written in rounds (an incremental image, one file per round,
/// docs/image-format.md section 6) while it runs, then the app is stopped at the barrier and only what changed
/// since, with its threads, statics and runtime state, goes into the final round.
/// <list type="number">
/// <item><see cref="Begin"/>: write tracking on (<see cref="DirtyTracker"/>), the base round — everything the statics reach.</item>
/// <item><see cref="Round"/>, as often as the caller likes: what the app wrote since the previous round. The caller watches
/// the sizes shrink (convergence).</item>
/// <item><see cref="Final"/>: the barrier, then the final round; the app stops or goes on.</item>
/// <item><see cref="Abort"/> at any point before: tracking off, the app untouched.</item>
/// </list>
/// <see cref="Restorer.Load(IReadOnlyList{string})"/> takes the round files in order and rebuilds the app as from one image.
/// </summary>
public static class PreCopy
{
    private static readonly object s_lock = new();
    private static GraphSession? s_session;

    public static bool IsUnderWay
    {
        get
        {
            lock (s_lock) return s_session is not null;
        }
    }

    /// <summary>Starts tracking writes and writes the base round to <paramref name="path"/>.</summary>
    public static RoundResult Begin(string path)
    {
        lock (s_lock)
        {
            if (s_session is not null) throw new CaptureFailedException("a pre-copy is already under way");
            if (AppProcess.AppAssemblies.FirstOrDefault(a => !HasWriteBarriers(a)) is { } plain)
                throw new CaptureFailedException($"{plain.GetName().Name} was woven without write barriers (FERRY_WRITE_BARRIERS=0 when it was woven): pre-copy cannot see what changes; the app keeps running");
            var app = AppProcess.AppAssemblies.ToHashSet();
            // Tracking first: a write during the base round is sent again in the next one.
            DirtyTracker.Start();
            var session = Checkpointer.Serializer().BeginSession(t => app.Contains(t.Assembly));
            try
            {
                var result = Write(session, path, [], [new("statics", Checkpointer.CaptureStatics())], final: false);
                s_session = session;
                return result;
            }
            catch (Exception e) when (IsWriteFailure(e))
            {
                session.Dispose();
                DirtyTracker.Stop();
                throw new CaptureFailedException($"cannot write the base round: {Checkpointer.OneLine(e.Message)}; the app keeps running");
            }
        }
    }

    /// <summary>Writes what the app changed since the previous round to <paramref name="path"/>.</summary>
    public static RoundResult Round(string path)
    {
        lock (s_lock)
        {
            var session = s_session ?? throw new CaptureFailedException("no pre-copy is under way");
            try
            {
                return Write(session, path, DirtyTracker.TakeChanged(), [], final: false);
            }
            catch (Exception e) when (IsWriteFailure(e))
            {
                End();
                throw new CaptureFailedException($"cannot write a pre-copy round: {Checkpointer.OneLine(e.Message)}; the pre-copy is abandoned, the app keeps running");
            }
        }
    }

    /// <summary>
    /// Stops the app at the barrier and writes the final round to <paramref name="path"/>: threads, statics, runtime
    /// state and what changed since the last round. If the app wrote something the weaver could not attribute to an
    /// object, the rounds cannot be trusted: a full image is written instead (<see cref="RoundResult.Full"/>). Behind
    /// the front, <see cref="CheckpointOptions.ToBackend"/> and <see cref="RoundResult.FromBackend"/> are as for a checkpoint.
    /// </summary>
    public static RoundResult Final(string path, CheckpointOptions options)
    {
        lock (s_lock)
        {
            var session = s_session ?? throw new CaptureFailedException("no pre-copy is under way");
            if (!CaptureBarrier.Request()) throw new CaptureFailedException("a checkpoint is already under way");
            var start = Stopwatch.GetTimestamp();
            IReadOnlyList<AppThread> threads;
            IReadOnlyDictionary<ulong, long> fromBackend;
            try
            {
                threads = CaptureBarrier.AwaitFrozen(options.BarrierTimeout);
                // Behind the front, as a checkpoint: its connections stop where the front paused them.
                fromBackend = Checkpointer.FreezeConnections(options);
            }
            catch (CaptureFailedException)
            {
                End();
                throw;
            }
            RoundResult result;
            try
            {
                var roots = Checkpointer.FrozenRoots(threads);
                if (DirtyTracker.UnknownWrites)
                {
                    using var writer = ImageWriter.Create(path, Checkpointer.Header());
                    var stats = Checkpointer.Serializer().Write(writer, roots);
                    writer.Commit();
                    result = new RoundResult(path, new FileInfo(path).Length, stats.RawBytes, 0, stats.ObjectCount, 0, Full: true, Stopwatch.GetElapsedTime(start));
                }
                else
                {
                    result = Write(session, path, DirtyTracker.TakeChanged(), roots, final: true);
                }
            }
            catch (Exception e) when (IsWriteFailure(e) || e is CaptureFailedException)
            {
                Checkpointer.ResumeFrozen();
                End();
                throw new CaptureFailedException($"cannot write the final round: {Checkpointer.OneLine(e.Message)}; the app keeps running");
            }
            End();
            // Not left running: frozen, to be ended — or held, to be resumed (Checkpointer.ResumeFrozen) if a move is given up.
            if (options.LeaveRunning) Checkpointer.ResumeFrozen();
            return result with { Elapsed = Stopwatch.GetElapsedTime(start), FromBackend = fromBackend };
        }
    }

    /// <summary>Stops tracking and forgets the rounds; the app runs on as if nothing happened.</summary>
    public static void Abort()
    {
        lock (s_lock) End();
    }

    private static void End()
    {
        DirtyTracker.Stop();
        s_session?.Dispose();
        s_session = null;
    }

    private static RoundResult Write(GraphSession session, string path, object[] changed, IEnumerable<KeyValuePair<string, object?>> roots, bool final)
    {
        var start = Stopwatch.GetTimestamp();
        RoundStats stats;
        using (var writer = ImageWriter.Create(path, Checkpointer.Header()))
        {
            stats = session.WriteRound(writer, changed, roots, final);
            writer.Commit();
        }
        return new RoundResult(path, new FileInfo(path).Length, stats.RawBytes, changed.Length, stats.NewObjects, stats.Pending, Full: false,
            Stopwatch.GetElapsedTime(start));
    }

    private static bool IsWriteFailure(Exception e) => e is ImageWriteException or IOException or UnauthorizedAccessException;

    private static bool HasWriteBarriers(Assembly assembly) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Any(a => a.Key == "Ferry.WriteBarriers" && a.Value == "1");
}
