using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// Replacements for System.Threading.Monitor calls in app code (C# <c>lock</c> included).
/// Mutual exclusion is the real monitor's; on top of it Ferry keeps what a checkpoint needs:
/// <list type="bullet">
/// <item>each app thread's <see cref="AppThread.HeldLocks"/>, exact at every safe point (a held monitor
/// stays held by its OS thread while the app is frozen: finally blocks skip during unwinding);</item>
/// <item>a contended Enter is a safe point (see <see cref="ContendedAcquire"/>); its frame keeps the object
/// and, on rebuild, the thread goes on entering;</item>
/// <item>Wait/Pulse use Ferry's own wait queue (<see cref="MonitorWaitQueue"/>), so a capture neither wakes a
/// waiter nor loses a pulse; a Wait frame keeps the object, its <see cref="MonitorWaiter"/> (pulsed or
/// not, recursion to re-enter), the time left and whether it was already re-entering.</item>
/// </list>
/// Threads Ferry did not start get the same semantics without the bookkeeping.
/// </summary>
public static class MonitorShims
{
    internal const string EnterFrame = "Monitor.Enter";
    internal const string TryEnterFrame = "Monitor.TryEnter";
    internal const string WaitFrame = "Monitor.Wait";

    [Capturable, MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(object obj)
    {
        // Fast path (inlined into app code): no capture under way and nobody holds it.
        if (Volatile.Read(ref CaptureGate.Active) == 0 && Monitor.TryEnter(obj))
        {
            var self = FrameStack.Current;
            if (self is not null) LockBook.Add(self, obj);
            return;
        }
        EnterSlow(obj);
    }

    [Capturable, MethodImpl(MethodImplOptions.NoInlining)]
    private static bool EnterSlow(object obj)
    {
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
            return EnterBlocking(FrameStack.Pop(EnterFrame).Slots[0]!);
        if (!Monitor.TryEnter(obj)) return EnterBlocking(obj);
        var self = FrameStack.Current;
        if (self is not null) LockBook.Add(self, obj);
        return true;
    }

    /// <summary>What <c>lock (obj)</c> compiles to. While capturing, <paramref name="lockTaken"/> stays false.</summary>
    [Capturable, MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Enter(object obj, ref bool lockTaken)
    {
        if (Volatile.Read(ref CaptureGate.Active) == 0 && !lockTaken && Monitor.TryEnter(obj))
        {
            lockTaken = true;
            var self = FrameStack.Current;
            if (self is not null) LockBook.Add(self, obj);
            return;
        }
        EnterSlow(obj, ref lockTaken);
    }

    [Capturable, MethodImpl(MethodImplOptions.NoInlining)]
    private static void EnterSlow(object obj, ref bool lockTaken)
    {
        // On rebuild the caller passes a re-created reference to its (false) lockTaken.
        if (!(Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring()) && lockTaken)
            throw new ArgumentException("The lockTaken argument must be false on entry.", nameof(lockTaken));
        if (EnterSlow(obj)) lockTaken = true;
    }

    /// <summary>Wait for a monitor another thread holds; false means the thread is unwinding (frame saved).</summary>
    [Capturable]
    private static bool EnterBlocking(object obj)
    {
        var self = FrameStack.Current;
        if (self is null)
        {
            Monitor.Enter(obj);
            return true;
        }
        if (ContendedAcquire.Run(self, obj, null, Deadline.Infinite) == AcquireOutcome.Capturing)
        {
            FrameStack.Push(Frame.Create(EnterFrame, 0, 1).Set(0, obj));
            return false;
        }
        LockBook.Add(self, obj);
        return true;
    }

    public static bool TryEnter(object obj)
    {
        if (!Monitor.TryEnter(obj)) return false;
        var self = FrameStack.Current;
        if (self is not null) LockBook.Add(self, obj);
        return true;
    }

    public static void TryEnter(object obj, ref bool lockTaken)
    {
        if (lockTaken) throw new ArgumentException("The lockTaken argument must be false on entry.", nameof(lockTaken));
        lockTaken = TryEnter(obj);
    }

    [Capturable]
    public static bool TryEnter(object obj, int millisecondsTimeout) => TryEnterCore(obj, millisecondsTimeout);

    [Capturable]
    public static bool TryEnter(object obj, TimeSpan timeout) => TryEnterCore(obj, Deadline.ToMilliseconds(timeout, nameof(timeout)));

    [Capturable]
    public static void TryEnter(object obj, int millisecondsTimeout, ref bool lockTaken)
    {
        if (lockTaken) throw new ArgumentException("The lockTaken argument must be false on entry.", nameof(lockTaken));
        if (TryEnterCore(obj, millisecondsTimeout)) lockTaken = true;
    }

    [Capturable]
    public static void TryEnter(object obj, TimeSpan timeout, ref bool lockTaken)
    {
        if (lockTaken) throw new ArgumentException("The lockTaken argument must be false on entry.", nameof(lockTaken));
        if (TryEnterCore(obj, Deadline.ToMilliseconds(timeout, nameof(timeout)))) lockTaken = true;
    }

    /// <summary>TryEnter with a timeout: a safe point while it waits; its frame keeps the object and the time left.</summary>
    [Capturable]
    private static bool TryEnterCore(object obj, int millisecondsTimeout)
    {
        long deadline;
        var self = FrameStack.Current;
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(TryEnterFrame);
            obj = frame.Slots[0]!;
            deadline = Deadline.FromRemaining((long)frame.Slots[1]!);
        }
        else
        {
            ArgumentNullException.ThrowIfNull(obj);
            ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, Timeout.Infinite);
            if (Monitor.TryEnter(obj))
            {
                if (self is not null) LockBook.Add(self, obj);
                return true;
            }
            if (millisecondsTimeout == 0) return false;
            if (self is null) return Monitor.TryEnter(obj, millisecondsTimeout);
            deadline = Deadline.FromMilliseconds(millisecondsTimeout);
        }
        if (self is null) return Monitor.TryEnter(obj, Deadline.LeftMs(deadline));

        switch (ContendedAcquire.Run(self, obj, null, deadline))
        {
            case AcquireOutcome.Acquired:
                LockBook.Add(self, obj);
                return true;
            case AcquireOutcome.Capturing:
                FrameStack.Push(Frame.Create(TryEnterFrame, 0, 2).Set(0, obj).Set(1, Deadline.Remaining(deadline)));
                return false;
            default:
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit(object obj)
    {
        Monitor.Exit(obj);
        var self = FrameStack.Current;
        if (self is not null) LockBook.Remove(self, obj);
    }

    public static bool IsEntered(object obj) => Monitor.IsEntered(obj);

    [Capturable]
    public static bool Wait(object obj) => WaitCore(obj, Timeout.Infinite);

    [Capturable]
    public static bool Wait(object obj, int millisecondsTimeout) => WaitCore(obj, millisecondsTimeout);

    [Capturable]
    public static bool Wait(object obj, TimeSpan timeout) => WaitCore(obj, Deadline.ToMilliseconds(timeout, nameof(timeout)));

    /// <summary>exitContext has no meaning on .NET Core (as in Monitor.Wait).</summary>
    [Capturable]
    public static bool Wait(object obj, int millisecondsTimeout, bool exitContext) => WaitCore(obj, millisecondsTimeout);

    [Capturable]
    public static bool Wait(object obj, TimeSpan timeout, bool exitContext) => WaitCore(obj, Deadline.ToMilliseconds(timeout, nameof(timeout)));

    /// <summary>
    /// Release the monitor completely, wait in Ferry's queue for a Pulse or the timeout, re-enter as deep
    /// as before. True if pulsed. Two safe points: the wait itself, and the re-entry (a contended Enter).
    /// Frame: [object, waiter, remaining ticks (-1 = none), re-entering].
    /// </summary>
    [Capturable]
    private static bool WaitCore(object obj, int millisecondsTimeout)
    {
        var self = FrameStack.Current;
        MonitorWaiter waiter;
        long deadline;
        bool reentering;
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(WaitFrame);
            obj = frame.Slots[0]!;
            waiter = (MonitorWaiter)frame.Slots[1]!;
            deadline = Deadline.FromRemaining((long)frame.Slots[2]!);
            reentering = (bool)frame.Slots[3]!;
        }
        else
        {
            ArgumentNullException.ThrowIfNull(obj);
            ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, Timeout.Infinite);
            if (!Monitor.IsEntered(obj))
                throw new SynchronizationLockException("Object synchronization method was called from an unsynchronized block of code.");
            waiter = new MonitorWaiter { ThreadId = self?.Id ?? 0 };
            // Queued before the monitor is released: a Pulse issued right after we let go finds us.
            MonitorWaitQueue.For(obj).Enqueue(waiter);
            var depth = 0;
            do
            {
                Monitor.Exit(obj);
                depth++;
            }
            while (Monitor.IsEntered(obj));
            waiter.Recursion = depth;
            waiter.HeldCount = self is null ? 0 : LockBook.RemoveAll(self, obj);
            deadline = Deadline.FromMilliseconds(millisecondsTimeout);
            reentering = false;
        }

        if (!reentering)
        {
            try
            {
                if (self is null) WaitUnmanaged(obj, waiter, deadline);
                else if (!AwaitPulse(self, obj, waiter, deadline))
                {
                    FrameStack.Push(WaitFrameOf(obj, waiter, Deadline.Remaining(deadline), reentering: false));
                    return false;
                }
            }
            catch (ThreadInterruptedException)
            {
                // Thread.Interrupt from the app: leave the queue (a later Pulse must not be lost on us)
                // and hold the monitor again before throwing, as Monitor.Wait does.
                MonitorWaitQueue.For(obj).TryRemove(waiter);
                Reenter(self, obj, waiter, levels: waiter.Recursion);
                throw;
            }
        }

        // Re-enter: the first level may contend (a safe point), the rest are recursive.
        if (self is null)
        {
            Monitor.Enter(obj);
        }
        else
        {
            AcquireOutcome outcome;
            try
            {
                outcome = ContendedAcquire.Run(self, obj, null, Deadline.Infinite);
            }
            catch (ThreadInterruptedException)
            {
                Reenter(self, obj, waiter, levels: waiter.Recursion);
                throw;
            }
            if (outcome == AcquireOutcome.Capturing)
            {
                FrameStack.Push(WaitFrameOf(obj, waiter, -1, reentering: true));
                return false;
            }
        }
        Reenter(self, obj, waiter, levels: waiter.Recursion - 1);
        return Volatile.Read(ref waiter.Pulsed);
    }

    /// <summary>Enter the remaining levels of a Wait's monitor (plainly) and give the thread its record back.</summary>
    private static void Reenter(AppThread? self, object obj, MonitorWaiter waiter, int levels)
    {
        for (var i = 0; i < levels; i++) Monitor.Enter(obj);
        if (self is not null) LockBook.Add(self, obj, waiter.HeldCount);
    }

    /// <summary>Wait until pulsed or timed out (true), or until the thread must unwind (false).</summary>
    private static bool AwaitPulse(AppThread self, object obj, MonitorWaiter waiter, long deadline)
    {
        var wait = new BlockingWait(waiter);
        Func<bool> pulsed = () => waiter.Pulsed;
        while (!Volatile.Read(ref waiter.Pulsed))
        {
            var left = Deadline.LeftMs(deadline);
            // Timed out: leave the queue, unless a Pulse got there first (then we were pulsed).
            if (left == 0 && MonitorWaitQueue.For(obj).TryRemove(waiter)) return true;
            if (left == 0) continue;
            if (wait.Block(self, left, pulsed) == BlockOutcome.Capturing) return false;
        }
        return true;
    }

    /// <summary>Wait of a thread Ferry did not start: same queue, no safe point.</summary>
    private static void WaitUnmanaged(object obj, MonitorWaiter waiter, long deadline)
    {
        lock (waiter)
        {
            while (!waiter.Pulsed)
            {
                var left = Deadline.LeftMs(deadline);
                if (left == 0) break;
                Monitor.Wait(waiter, left);
            }
        }
        if (!Volatile.Read(ref waiter.Pulsed)) MonitorWaitQueue.For(obj).TryRemove(waiter);
    }

    private static Frame WaitFrameOf(object obj, MonitorWaiter waiter, long remaining, bool reentering) =>
        Frame.Create(WaitFrame, 0, 4).Set(0, obj).Set(1, waiter).Set(2, remaining).Set(3, reentering);

    public static void Pulse(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!Monitor.IsEntered(obj))
            throw new SynchronizationLockException("Object synchronization method was called from an unsynchronized block of code.");
        if (MonitorWaitQueue.TryGet(obj, out var queue)) queue.PulseOne();
    }

    public static void PulseAll(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (!Monitor.IsEntered(obj))
            throw new SynchronizationLockException("Object synchronization method was called from an unsynchronized block of code.");
        if (MonitorWaitQueue.TryGet(obj, out var queue)) queue.PulseAll();
    }

    /// <summary>The waiters queued on an object, first to be pulsed first (tests, image inspection).</summary>
    public static IReadOnlyList<MonitorWaiter> WaitersOf(object obj) =>
        MonitorWaitQueue.TryGet(obj, out var queue) ? queue.Snapshot() : Array.Empty<MonitorWaiter>();

    /// <summary>
    /// Restore in a new process: before the thread rebuilds its frames (and before any app code runs),
    /// take back the real monitors and Locks it held in the image, and put a thread that was waiting in
    /// Monitor.Wait back into that object's wait queue, in its original order. Runs on the restored
    /// thread itself (monitors belong to OS threads); called by <see cref="ThreadTrampoline.Run"/>.
    /// A rebuild in place (checkpoint-and-continue) never calls it: the OS thread still holds them.
    /// </summary>
    internal static void Reacquire(AppThread thread)
    {
        LockBook.Load(thread);
        foreach (var held in thread.HeldLocks)
        {
            for (var i = 0; i < held.Count; i++)
            {
                if (held.Target is Lock lockObject) lockObject.Enter();
                else Monitor.Enter(held.Target);
            }
        }

        // The innermost frame comes first; a thread in Wait that was not yet pulsed is in the queue.
        if (thread.Frames.Count == 0) return;
        var frame = thread.Frames[0];
        if (frame.Method != WaitFrame || frame.Slots[3] is true) return;
        if (frame.Slots[0] is { } target && frame.Slots[1] is MonitorWaiter waiter)
            MonitorWaitQueue.For(target).Reinsert(waiter);
    }
}
