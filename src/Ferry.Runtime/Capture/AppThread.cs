namespace Ferry.Runtime.Capture;

/// <summary>
/// Ferry's record of one app thread: its stable id (kept across restore), its entry, and
/// while a capture or rebuild is under way, its saved frames.
/// Frames are kept innermost first: capture appends as the stack unwinds, rebuild takes from the end.
/// </summary>
public sealed class AppThread
{
    public int Id { get; internal set; }
    public string? Name { get; set; }
    public bool IsBackground { get; set; }

    /// <summary>The delegate the thread runs (ThreadStart, ParameterizedThreadStart, Func&lt;...&gt; for the main thread).</summary>
    public Delegate Entry { get; internal set; } = null!;
    public object? EntryArgument { get; internal set; }
    public AppThreadState State { get; internal set; }

    /// <summary>Set once the entry has returned; the object to wait on is <see cref="Sync"/>.</summary>
    public object? Result { get; internal set; }

    /// <summary>The OS thread running it (null before start and after restore until started).</summary>
    public Thread? Thread { get; internal set; }

    /// <summary>The Thread object the app sees; identical to <see cref="Thread"/> except for the main thread.</summary>
    public Thread? AppVisibleThread { get; internal set; }

    /// <summary>
    /// Objects whose monitor this thread holds, with recursion counts, in acquisition order. Exact whenever
    /// the thread is parked for a checkpoint (the lock shims publish it from <see cref="Locks"/> then).
    /// </summary>
    public List<HeldLock> HeldLocks { get; } = new();

    /// <summary>The lock shims' own record of what the thread holds (the fast path; see LockBook).</summary>
    internal readonly Threading.LockStack Locks = new();

    internal ThreadMode Mode;
    internal readonly List<Frame> Frames = new();

    /// <summary>A sync object the thread is blocked on inside a shim; pulsed when a capture is requested.</summary>
    internal object? WaitingOn;

    /// <summary>Monitor for state changes of this thread (Join waits on it).</summary>
    internal readonly object Sync = new();

    // Barrier bookkeeping, guarded by CaptureBarrier.Sync.
    internal bool Parked;
    internal bool Unwound;
    internal bool RebuildCounted;
    internal bool Declined;

    /// <summary>Restored from an image: take its monitors back before rebuilding.</summary>
    internal bool ReacquireLocks;

    /// <summary>Why the last attempt to park this thread was refused (for the barrier timeout message).</summary>
    internal string? HoldUp;

    /// <summary>Frames saved by the last capture, outermost last (a copy owned by the image).</summary>
    public IReadOnlyList<Frame> SavedFrames => Frames;

    public override string ToString() => $"thread {Id}{(Name is null ? "" : $" '{Name}'")}";
}

/// <summary>One monitor held by a thread, with its recursion count.</summary>
public sealed class HeldLock
{
    public object Target;
    public int Count;

    public HeldLock(object target, int count)
    {
        Target = target;
        Count = count;
    }
}
