using System.Diagnostics;

namespace Ferry.Runtime.Capture;

/// <summary>
/// Brings every app thread to a safe point before any state is saved, and back to running after.
/// The protocol (docs/capture-protocol.md): request → park all (or time out untouched) → unwind all
/// (a thread that meets a call it cannot save declines, everyone rebuilds in place and parking is
/// retried) → frozen (the image is written) → rebuild in place or stop.
/// </summary>
public static class CaptureBarrier
{
    internal static readonly object Sync = new();
    private static BarrierPhase s_phase;
    private static int s_parked;
    private static int s_unwound;
    private static int s_declined;
    private static int s_rebuilding;
    private static string? s_declineReason;

    /// <summary>True from a checkpoint request until the app runs again; blocking shims watch it.</summary>
    public static volatile bool Requested;

    /// <summary>Called on every safe point while the gate is up; test mode counts safe points with it.</summary>
    public static Action? SafePointObserver;

    internal static BarrierPhase Phase => s_phase;

    /// <summary>
    /// Raise a checkpoint request from any thread (an app thread included, as the safe-point
    /// counter of test mode does). Returns false if one is already under way.
    /// </summary>
    public static bool Request()
    {
        lock (Sync)
        {
            if (s_phase != BarrierPhase.Idle) return false;
            s_phase = BarrierPhase.Parking;
            s_parked = s_unwound = s_declined = 0;
            s_declineReason = null;
            foreach (var t in AppThreads.Snapshot()) t.HoldUp = null;
            Requested = true;
            CaptureGate.Hold();
        }
        WakeBlockedThreads();
        return true;
    }

    /// <summary>
    /// Wait until every live app thread is parked and unwound. Throws <see cref="CaptureFailedException"/>
    /// (after releasing every thread untouched) when the deadline passes first.
    /// </summary>
    public static IReadOnlyList<AppThread> AwaitFrozen(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var retryDelay = 1;
        lock (Sync)
        {
            if (s_phase != BarrierPhase.Parking) throw new InvalidOperationException("no checkpoint was requested");
            while (true)
            {
                while (s_parked < AppThreads.LiveCount)
                {
                    var remaining = RemainingMs(deadline);
                    if (remaining <= 0)
                    {
                        var message = DescribeHoldUp();
                        AbortParking();
                        throw new CaptureFailedException(message);
                    }
                    Monitor.Wait(Sync, Math.Min(remaining, 50));
                    if (s_parked < AppThreads.LiveCount) WakeBlockedThreadsLocked();
                }

                s_phase = BarrierPhase.Unwinding;
                Monitor.PulseAll(Sync);
                while (s_unwound + s_declined < s_parked) Monitor.Wait(Sync);

                if (s_declined == 0)
                {
                    s_phase = BarrierPhase.Frozen;
                    return AppThreads.Snapshot();
                }

                // Someone met a call it cannot save: put everyone back as they were and let the app
                // run a little (the decliner must get past that call) before parking again.
                var reason = s_declineReason;
                RebuildLocked();
                s_phase = BarrierPhase.Parking;
                s_parked = s_unwound = s_declined = 0;
                Monitor.PulseAll(Sync);
                if (RemainingMs(deadline) <= 0)
                {
                    FinishLocked();
                    throw new CaptureFailedException($"checkpoint timed out: held up by {reason}; the app keeps running");
                }
                Monitor.Exit(Sync);
                try { Thread.Sleep(retryDelay); }
                finally { Monitor.Enter(Sync); }
                retryDelay = Math.Min(retryDelay * 2, 20);
                Requested = true;
                WakeBlockedThreadsLocked();
            }
        }
    }

    /// <summary>After the image is written: rebuild every thread in place and let the app run on.</summary>
    public static void Resume()
    {
        lock (Sync)
        {
            if (s_phase != BarrierPhase.Frozen) throw new InvalidOperationException("the app is not frozen");
            RebuildLocked();
            FinishLocked();
        }
    }

    /// <summary>Every thread that unwound (or parked) goes back in; returns when all are whole.</summary>
    private static void RebuildLocked()
    {
        Requested = false;
        s_phase = BarrierPhase.Rebuilding;
        s_rebuilding = 0;
        foreach (var t in AppThreads.Snapshot())
        {
            if (!t.Unwound) continue;
            t.Unwound = false;
            t.RebuildCounted = true;
            s_rebuilding++;
        }
        Monitor.PulseAll(Sync);
        while (s_rebuilding > 0) Monitor.Wait(Sync);
    }

    /// <summary>
    /// Restore in a new process: the given threads are about to rebuild from an image; none of them
    /// runs app code until all are whole. Call <see cref="AwaitRebuilt"/> after starting them.
    /// </summary>
    public static void BeginRestore(IEnumerable<AppThread> threads)
    {
        lock (Sync)
        {
            if (s_phase != BarrierPhase.Idle) throw new InvalidOperationException("restore while a capture runs");
            CaptureGate.Hold();
            s_phase = BarrierPhase.Rebuilding;
            s_rebuilding = 0;
            foreach (var t in threads)
            {
                t.RebuildCounted = true;
                t.Mode = t.Frames.Count == 0 ? ThreadMode.Running : ThreadMode.Restoring;
                s_rebuilding++;
            }
        }
    }

    /// <summary>Wait until every thread of <see cref="BeginRestore"/> is whole, then let them all run.</summary>
    public static void AwaitRebuilt()
    {
        lock (Sync)
        {
            while (s_rebuilding > 0) Monitor.Wait(Sync);
            FinishLocked();
        }
    }

    /// <summary>
    /// Block a non-app thread (a timer firing) until no checkpoint is parking, frozen or rebuilding, so
    /// it never starts app work while threads are being saved or put back.
    /// </summary>
    internal static void WaitWhileCapturing()
    {
        lock (Sync)
            while (s_phase != BarrierPhase.Idle) Monitor.Wait(Sync);
    }

    private static void FinishLocked()
    {
        s_phase = BarrierPhase.Idle;
        Requested = false;
        CaptureGate.Release();
        Monitor.PulseAll(Sync);
    }

    private static void AbortParking()
    {
        Requested = false;
        s_phase = BarrierPhase.Idle;
        CaptureGate.Release();
        Monitor.PulseAll(Sync);
    }

    private static string DescribeHoldUp()
    {
        var waiting = AppThreads.Snapshot().Where(t => t.State == AppThreadState.Running && !t.Parked).ToList();
        if (waiting.Count == 0) return "checkpoint timed out while threads were starting; the app keeps running";
        var t = waiting[0];
        var why = t.HoldUp is null
            ? "it never reached a safe point (blocked or busy in code Ferry does not instrument)"
            : $"it is inside {t.HoldUp}";
        var more = waiting.Count > 1 ? $" (and {waiting.Count - 1} more thread(s))" : "";
        return $"checkpoint timed out: {t} could not be parked, {why}{more}; the app keeps running";
    }

    private static int RemainingMs(long deadline) =>
        (int)Math.Max(0, (deadline - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);

    /// <summary>A safe point was reached (see <see cref="FrameStack.SafePoint"/>).</summary>
    internal static void Arrive(AppThread? thread)
    {
        SafePointObserver?.Invoke();
        if (!Requested) return;
        if (thread is null)
        {
            // A thread Ferry did not start runs app code: it cannot be captured, so it must at least
            // not run while the image is written.
            lock (Sync)
                while (s_phase is BarrierPhase.Unwinding or BarrierPhase.Frozen) Monitor.Wait(Sync);
            return;
        }
        if (thread.Mode != ThreadMode.Running) return;

        var holdUp = StackInspector.FindUncapturableFrame();
        if (holdUp is not null)
        {
            thread.HoldUp = holdUp;
            return;
        }
        Park(thread);
    }

    /// <summary>Park at a safe point; returns with Mode = Capturing if the capture goes ahead.</summary>
    internal static void Park(AppThread thread)
    {
        // What the thread holds goes into the image exactly as it is now.
        Threading.LockBook.Publish(thread);
        lock (Sync)
        {
            if (s_phase != BarrierPhase.Parking) return;
            thread.Parked = true;
            s_parked++;
            Monitor.PulseAll(Sync);
            while (s_phase == BarrierPhase.Parking) Monitor.Wait(Sync);
            if (s_phase == BarrierPhase.Unwinding) thread.Mode = ThreadMode.Capturing;
            else thread.Parked = false;
        }
    }

    /// <summary>
    /// The thread's entry returned while capturing: its frames are complete. Blocks until the
    /// capture ends, then sets the thread up to go back in (Restoring, or Running with no frames).
    /// </summary>
    internal static void Unwound(AppThread thread)
    {
        lock (Sync)
        {
            thread.Unwound = true;
            s_unwound++;
            Monitor.PulseAll(Sync);
            while (s_phase is BarrierPhase.Unwinding or BarrierPhase.Frozen) Monitor.Wait(Sync);
            thread.Parked = false;
            thread.Mode = thread.Frames.Count == 0 ? ThreadMode.Running : ThreadMode.Restoring;
        }
    }

    /// <summary>
    /// The trampoline is about to (re-)enter the thread's entry. A thread with nothing to rebuild
    /// reports itself whole here; one with frames does so when its last frame is popped.
    /// </summary>
    internal static void Entering(AppThread thread)
    {
        if (thread.Mode == ThreadMode.Running && thread.RebuildCounted)
            lock (Sync) RebuiltLocked(thread);
    }

    internal static void Decline(AppThread thread, string reason)
    {
        lock (Sync)
        {
            s_declined++;
            s_declineReason ??= reason;
            thread.HoldUp = reason;
            thread.Parked = false;
            Monitor.PulseAll(Sync);
            // Rebuild what it saved so far, in place: the callee is re-invoked and pops its frame.
            if (thread.Frames.Count > 0)
            {
                thread.Mode = ThreadMode.Restoring;
                thread.Declined = true;
            }
            else
            {
                thread.Mode = ThreadMode.Running;
                WaitUntilRunningLocked();
            }
        }
    }

    /// <summary>The last frame was popped: this thread's stack is whole again.</summary>
    internal static void FinishRebuild(AppThread thread)
    {
        lock (Sync)
        {
            thread.Mode = ThreadMode.Running;
            if (thread.RebuildCounted)
            {
                RebuiltLocked(thread);
            }
            else if (thread.Declined)
            {
                thread.Declined = false;
                WaitUntilRunningLocked();
            }
        }
    }

    private static void RebuiltLocked(AppThread thread)
    {
        thread.RebuildCounted = false;
        s_rebuilding--;
        Monitor.PulseAll(Sync);
        // Nothing of the app runs until every thread is whole.
        WaitUntilRunningLocked();
    }

    private static void WaitUntilRunningLocked()
    {
        while (s_phase is BarrierPhase.Unwinding or BarrierPhase.Frozen or BarrierPhase.Rebuilding) Monitor.Wait(Sync);
    }

    /// <summary>Wake threads blocked in shims so they notice the request.</summary>
    private static void WakeBlockedThreads()
    {
        foreach (var t in AppThreads.Snapshot())
        {
            var sync = t.WaitingOn;
            if (sync is null) continue;
            // A thread inside a real lock wait cannot be pulsed: its waker interrupts it.
            if (sync is Threading.IWakeOnCapture waker) waker.Wake();
            else lock (sync) Monitor.PulseAll(sync);
        }
    }

    private static void WakeBlockedThreadsLocked()
    {
        // Called with Sync held: a shim's sync object is never Sync, so this cannot deadlock
        // as long as shims never take Sync while holding their own sync object.
        WakeBlockedThreads();
    }
}
