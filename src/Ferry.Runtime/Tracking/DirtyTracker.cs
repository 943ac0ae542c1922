using System.Runtime.CompilerServices;

namespace Ferry.Runtime.Tracking;

/// <summary>
/// Which heap objects the app wrote into since the last pre-copy round (docs/capture-protocol.md, "Write
/// barriers"). Woven code tests <see cref="Active"/> after each write into a heap object and, only when it is
/// set, calls <see cref="Mark"/> with that object — after the write, so a round that collects the mark reads
/// the written value. Off unless a migration runs: the off path is one volatile load and a branch.
/// <para>
/// A byref into an object (a field's or an element's address, a Span over an array) is written through
/// later, where no barrier sees it: such objects are marked <see cref="MarkPinned">pinned</see> and stay
/// changed in every round, the final one included. A write the weaver could not attribute to an object
/// (<see cref="MarkUnknown"/>) makes <see cref="UnknownWrites"/> true: only a full write is then safe.
/// </para>
/// </summary>
public static class DirtyTracker
{
    /// <summary>Non-zero while writes are tracked: the only thing woven code reads on its fast path.</summary>
    public static int Active;

    private static readonly object s_lock = new();
    private static HashSet<object> s_changed = NewSet();
    private static HashSet<object> s_pinned = NewSet();
    private static bool s_unknown;

    /// <summary>True once a write happened that no object was marked for, since <see cref="Start"/>.</summary>
    public static bool UnknownWrites
    {
        get
        {
            lock (s_lock) return s_unknown;
        }
    }

    /// <summary>Starts tracking (before the base round: every write after this is seen).</summary>
    public static void Start()
    {
        lock (s_lock)
        {
            s_changed = NewSet();
            s_pinned = NewSet();
            s_unknown = false;
            Volatile.Write(ref Active, 1);
        }
        // A barrier that read Active as 0 may have its store still in a store buffer: after this, every such store
        // is visible to the base round (which starts after Start), and every later barrier reads 1.
        Interlocked.MemoryBarrierProcessWide();
    }

    /// <summary>Stops tracking and forgets what was marked.</summary>
    public static void Stop()
    {
        lock (s_lock)
        {
            Volatile.Write(ref Active, 0);
            s_changed = NewSet();
            s_pinned = NewSet();
            s_unknown = false;
        }
    }

    /// <summary>
    /// The objects written since the previous call (or <see cref="Start"/>), with every pinned one; starts a new
    /// set. A write that happens while the round reads is marked into the next set, so it is sent again.
    /// </summary>
    public static object[] TakeChanged()
    {
        lock (s_lock)
        {
            var taken = s_changed;
            s_changed = NewSet();
            taken.UnionWith(s_pinned);
            return taken.ToArray();
        }
    }

    /// <summary>Woven code: <paramref name="target"/> was just written into.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Mark(object? target)
    {
        if (target is null) return;
        lock (s_lock)
        {
            if (Active != 0) s_changed.Add(target);
        }
    }

    /// <summary>Woven code: a byref or span into <paramref name="target"/> was made; it may be written through at any time.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MarkPinned(object? target)
    {
        if (target is null) return;
        lock (s_lock)
        {
            if (Active == 0) return;
            s_changed.Add(target);
            s_pinned.Add(target);
        }
    }

    /// <summary>
    /// Woven code: a delegate was invoked. One made over a framework instance method (<c>list.Add</c> as an
    /// <c>Action</c>) wrote into its target without a barrier of its own; woven targets marked their own writes.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MarkInvoked(Delegate? invoked)
    {
        if (invoked is null) return;
        foreach (var d in invoked.GetInvocationList())
        {
            if (d.Target is { } target && !IsWoven(d.Method.DeclaringType?.Assembly)) Mark(target);
        }
    }

    private static bool IsWoven(System.Reflection.Assembly? assembly) =>
        assembly is not null && AppProcess.AppAssemblies.Contains(assembly);

    /// <summary>Woven code: something was written that the weaver cannot name (see <see cref="UnknownWrites"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void MarkUnknown()
    {
        lock (s_lock)
        {
            if (Active != 0) s_unknown = true;
        }
    }

    private static HashSet<object> NewSet() => new(ReferenceEqualityComparer.Instance);
}
