using Ferry.Images;
using Ferry.Images.Graph;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// A restore in its two stages: the object graph read (from one image, or a pre-copy's rounds applied one at a
/// time as they arrive — a warm target does that while the app still runs on the source), then <see cref="Go"/>:
/// the last image read, statics, clock, runtime state, resources and threads put back, and the app started.
/// No app thread runs before <see cref="Go"/> has everything whole. One per process; not thread-safe.
/// </summary>
public sealed class StagedRestore
{
    private readonly Dictionary<int, AppThread> _shells = new();
    private ObjectGraphSerializer _serializer;
    private RoundReader? _rounds;

    public StagedRestore()
    {
        AppThreads.Clear();
        _serializer = NewSerializer();
    }

    /// <summary>Rounds applied so far.</summary>
    public int RoundsApplied => _rounds?.Rounds ?? 0;

    /// <summary>
    /// Reads one round of a pre-copy (in order) into the graph. Reading does not touch the environment: what
    /// only makes sense in this process (threads, files, sockets, timers) is in the final round.
    /// </summary>
    public RoundApplied ApplyRound(ImageReader round)
    {
        if (round.HasSection(GraphManifestSection)) throw new ImageFormatException("a full image is not a round; it can only be the last image of a restore");
        CheckAssemblies(round.Header);
        _rounds ??= _serializer.BeginRounds();
        return _rounds.Apply(round);
    }

    /// <summary>
    /// Reads <paramref name="last"/> — the final round, or a full image (then the rounds applied before are
    /// dropped: a stop-and-copy) — and starts the app; returns its main thread record once every thread is whole.
    /// </summary>
    public AppThread Go(ImageReader last)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        CheckAssemblies(last.Header);
        ObjectGraph graph;
        TimeSpan read;
        if (last.HasSection(GraphManifestSection))
        {
            if (_rounds is not null)
            {
                _rounds = null;
                _serializer = NewSerializer();
            }
            graph = _serializer.Read(last);
            read = clock.Elapsed;
        }
        else
        {
            ApplyRound(last);
            read = clock.Elapsed;
            graph = _rounds!.Finish();
        }
        var whole = clock.Elapsed;
        var main = Restorer.Start(graph, Shell);
        LastGo = new GoTimings(read, whole - read, clock.Elapsed - whole);
        return main;
    }

    /// <summary>Where the last <see cref="Go"/> spent its time (for the host's log and the benchmarks).</summary>
    public GoTimings? LastGo { get; private set; }

    /// <param name="Read">The last image read.</param>
    /// <param name="Rebuild">Hashed and sorted collections filled, surrogates told the graph is whole.</param>
    /// <param name="Start">Statics, runtime state, every thread rebuilt, the app started.</param>
    public sealed record GoTimings(TimeSpan Read, TimeSpan Rebuild, TimeSpan Start);

    private const string GraphManifestSection = "graph";

    private ObjectGraphSerializer NewSerializer() =>
        new(ImageSerializer.Allowlist(), new RuntimeSurrogates(id => Shell(id).AppVisibleThread!));

    private AppThread Shell(int id)
    {
        if (!_shells.TryGetValue(id, out var shell))
        {
            shell = AppThreads.Create(new Action(static () => { }), null, null, false, id);
            ThreadShims.Materialize(shell, id == 1 ? AppProcess.MainStackSize : 0);
            _shells[id] = shell;
        }
        return shell;
    }

    private static void CheckAssemblies(ImageHeader header)
    {
        var loaded = AppProcess.AppAssemblies.Select(AppAssemblyIdentity.FromAssembly).ToDictionary(a => a.Name);
        foreach (var expected in header.Assemblies)
        {
            if (!loaded.TryGetValue(expected.Name, out var actual))
                throw new ImageMismatchException($"the image needs assembly {expected.Name}, which the app does not have");
            if (!actual.SameBuildAs(expected))
                throw new ImageMismatchException($"the image was taken from another build of {expected.Name} ({expected.Mvid}; this one is {actual.Mvid})");
        }
    }
}
