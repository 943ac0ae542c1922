using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Ferry.Images;
using Ferry.Images.Graph;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Connections;
using Ferry.Runtime.Time;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// Takes a checkpoint of the app in this process: every thread parked and unwound at the barrier,
/// then threads, statics and runtime state written as one image; then the app is rebuilt in place
/// (checkpoint-and-continue) or left frozen for the caller to stop the process. A failure at any
/// point before the image is committed leaves the app running as it was.
/// </summary>
public static class Checkpointer
{
    private static readonly object s_lock = new();
    private static ObjectGraphSerializer? s_serializer;
    private static IReadOnlyList<Assembly>? s_serializerAssemblies;

    /// <summary>Safe points counted by test mode (recorded in images for diagnostics).</summary>
    internal static long SafePointsSeen;

    public static CheckpointResult Checkpoint(string imagePath, CheckpointOptions options)
    {
        if (!CaptureBarrier.Request()) throw new CaptureFailedException("a checkpoint is already under way");
        return CompleteRequested(imagePath, options);
    }

    /// <summary>Finish a checkpoint whose request was already raised (test mode raises it from a safe point).</summary>
    internal static CheckpointResult CompleteRequested(string imagePath, CheckpointOptions options)
    {
        lock (s_lock)
        {
            var start = Stopwatch.GetTimestamp();
            var threads = CaptureBarrier.AwaitFrozen(options.BarrierTimeout);
            var frozen = Stopwatch.GetTimestamp();
            var fromBackend = FreezeConnections(options);
            CheckpointResult result;
            try
            {
                result = Write(imagePath, threads, Stopwatch.GetElapsedTime(start, frozen), start) with { FromBackend = fromBackend };
            }
            catch (Exception e) when (e is ImageWriteException or IOException or UnauthorizedAccessException or CaptureFailedException)
            {
                FrontedConnections.Thaw();
                CaptureBarrier.Resume();
                throw new CaptureFailedException($"cannot write the image: {OneLine(e.Message)}; the app keeps running");
            }
            if (options.LeaveRunning)
            {
                FrontedConnections.Thaw();
                CaptureBarrier.Resume();
                result = result with { Pause = Stopwatch.GetElapsedTime(start) };
            }
            return result;
        }
    }

    /// <summary>
    /// The app was left frozen after its image was written (not left running) and is to go on after all — a
    /// move given up before the target took over: threads are rebuilt and connections flow again.
    /// </summary>
    public static void ResumeFrozen()
    {
        lock (s_lock)
        {
            FrontedConnections.Thaw();
            CaptureBarrier.Resume();
        }
    }

    /// <summary>
    /// With every thread at the barrier: the front's connections stop at its pause offsets (what the app has not
    /// read goes into the image); what the frozen app had written, per connection. On failure the app runs on.
    /// </summary>
    internal static IReadOnlyDictionary<ulong, long> FreezeConnections(CheckpointOptions options)
    {
        try
        {
            return FrontedConnections.Freeze(options.ToBackend, options.BarrierTimeout);
        }
        catch (CaptureFailedException e)
        {
            CaptureBarrier.Resume();
            throw new CaptureFailedException($"{OneLine(e.Message)}; the app keeps running");
        }
    }

    private static CheckpointResult Write(string imagePath, IReadOnlyList<AppThread> threads, TimeSpan barrierTime, long start)
    {
        var roots = FrozenRoots(threads);
        GraphWriteStats stats;
        using (var writer = ImageWriter.Create(imagePath, Header()))
        {
            stats = Serializer().Write(writer, roots);
            writer.Commit();
        }
        return new CheckpointResult(imagePath, new FileInfo(imagePath).Length, stats.RawBytes, stats.ObjectCount, threads.Count,
            barrierTime, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>What an image holds of the frozen app: thread records, statics, runtime state (the graph's roots).</summary>
    internal static KeyValuePair<string, object?>[] FrozenRoots(IReadOnlyList<AppThread> threads)
    {
        // Buffered text and bytes go to their files first, so every stream's position is where its data ends.
        Resources.ResourceTable.PrepareForCapture();
        var records = threads.Select(ToRecord).ToArray();
        var statics = CaptureStatics();
        var (names, values) = RuntimeStateRegistry.CaptureAll();
        var environment = new EnvironmentRecord
        {
            MonotonicTimestamp = ClockShims.GetTimestamp(),
            TickCount64 = ClockShims.TickCount64(),
            SafePoints = Interlocked.Read(ref SafePointsSeen),
            ExtensionNames = names,
            Extensions = values,
        };
        return [new("threads", records), new("statics", statics), new("environment", environment)];
    }

    internal static ImageHeader Header()
    {
        var metadata = new Dictionary<string, string>(AppProcess.ImageMetadata) { ["app"] = AppProcess.EntryAssemblyPath };
        return ImageHeader.ForCurrentProcess(AppProcess.AppAssemblies, metadata);
    }

    /// <summary>One serializer per set of app assemblies: it caches compiled accessors per type.</summary>
    internal static ObjectGraphSerializer Serializer()
    {
        if (s_serializer is null || !ReferenceEquals(s_serializerAssemblies, AppProcess.AppAssemblies))
        {
            s_serializer = ImageSerializer.ForWriting();
            s_serializerAssemblies = AppProcess.AppAssemblies;
        }
        return s_serializer;
    }

    private static ThreadRecord ToRecord(AppThread t)
    {
        var visible = t.AppVisibleThread;
        return new ThreadRecord
        {
            Id = t.Id,
            Name = visible?.Name ?? t.Name,
            IsBackground = IsBackground(t),
            State = t.State,
            Entry = t.Entry,
            EntryArgument = t.EntryArgument,
            Result = t.Result,
            Frames = t.SavedFrames.ToArray(),
            HeldLocks = t.HeldLocks.Select(h => h.Target).ToArray(),
            HeldLockCounts = t.HeldLocks.Select(h => h.Count).ToArray(),
        };
    }

    private static bool IsBackground(AppThread t)
    {
        try
        {
            return t.AppVisibleThread?.IsBackground ?? t.IsBackground;
        }
        catch (ThreadStateException)
        {
            return t.IsBackground;
        }
    }

    /// <summary>Statics of every app type whose class constructor has run (the weaver makes every type with statics record that).</summary>
    /// <param name="live">
    /// The app runs on (a pre-copy round): a type is recorded as initialized when its class constructor <em>starts</em>,
    /// and reading its statics while that constructor still runs on an app thread would wait for it to finish (the
    /// runtime's class-init lock) — for as long as the app likes. So a type not yet read once is read on a thread of its
    /// own, given <see cref="s_liveStaticsWait"/>, and left out of this round if it does not answer: the final round,
    /// taken with every thread stopped, has every type's statics.
    /// </param>
    internal static TypeStatics[] CaptureStatics(bool live = false)
    {
        var app = AppProcess.AppAssemblies.ToHashSet();
        var types = TypeInitGate.Initialized.Where(t => app.Contains(t.Assembly)).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
        var values = new Dictionary<Type, object?[]>();
        if (live)
        {
            var unsettled = types.Where(t => !s_settled.ContainsKey(t)).ToList();
            for (var next = 0; next < unsettled.Count;)
            {
                // One reader walks the types in order; a type whose read does not answer in time is left out and a new
                // reader goes on after it (the stuck one ends when that class constructor does).
                var reader = new StaticsReader(unsettled, next);
                var stuck = reader.WaitUntilDoneOrStuck(s_liveStaticsWait);
                foreach (var (type, read) in reader.Values)
                {
                    values[type] = read;
                    s_settled[type] = true;
                }
                if (stuck < 0) break;
                next = stuck + 1;
            }
            // Left out of this round: the stuck and the unreadable (the final round reads them).
            types.RemoveAll(t => !s_settled.ContainsKey(t));
        }
        var result = new List<TypeStatics>();
        foreach (var type in types)
        {
            var fields = StaticFields(type);
            if (fields.Length == 0) continue;
            result.Add(new TypeStatics
            {
                Type = TypeDescriptor.Of(type),
                Fields = fields.Select(f => f.Name).ToArray(),
                Values = values.TryGetValue(type, out var read) ? read : fields.Select(f => f.GetValue(null)).ToArray(),
            });
        }
        return result.ToArray();
    }

    private static readonly TimeSpan s_liveStaticsWait = TimeSpan.FromMilliseconds(200);

    /// <summary>Types whose statics were read once: their class constructor has finished, reading them cannot wait.</summary>
    private static readonly ConcurrentDictionary<Type, bool> s_settled = new();

    /// <summary>Reads the statics of types in order on a thread of its own (it may wait as long as an app's class constructor runs).</summary>
    private sealed class StaticsReader
    {
        private readonly IReadOnlyList<Type> _types;
        private readonly ConcurrentDictionary<Type, object?[]> _values = new();
        private readonly ManualResetEventSlim _progress = new();
        private int _at;
        private volatile bool _done;

        public StaticsReader(IReadOnlyList<Type> types, int from)
        {
            _types = types;
            _at = from;
            new Thread(Run) { IsBackground = true, Name = "ferry-statics" }.Start();
        }

        public IReadOnlyDictionary<Type, object?[]> Values => _values;

        /// <summary>-1 once every type is read (or failed: left out); else the index of the type whose read made no progress within <paramref name="patience"/>.</summary>
        public int WaitUntilDoneOrStuck(TimeSpan patience)
        {
            while (true)
            {
                _progress.Reset();
                var at = Volatile.Read(ref _at);
                if (_done) return -1;
                if (!_progress.Wait(patience) && !_done && Volatile.Read(ref _at) == at) return at;
            }
        }

        private void Run()
        {
            for (var i = _at; i < _types.Count; i++)
            {
                Volatile.Write(ref _at, i);
                _progress.Set();
                try
                {
                    _values[_types[i]] = StaticFields(_types[i]).Select(f => f.GetValue(null)).ToArray();
                }
                catch (Exception e) when (e is TargetInvocationException or TypeInitializationException or FieldAccessException)
                {
                    // Its statics cannot be read while the app runs: the final round reads them (and reports why).
                }
            }
            _done = true;
            _progress.Set();
        }
    }

    internal static FieldInfo[] StaticFields(Type type) =>
        type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Where(f => !f.IsLiteral && !f.IsDefined(typeof(ThreadStaticAttribute), false) && !IsRvaField(f))
            .ToArray();

    private static bool IsRvaField(FieldInfo f) => (f.Attributes & FieldAttributes.HasFieldRVA) != 0;

    internal static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
