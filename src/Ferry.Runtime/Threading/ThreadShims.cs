using System.Diagnostics;
using System.Runtime.CompilerServices;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// Replacements for System.Threading.Thread calls in app code (see the weaver's interception table).
/// Threads the app creates run under <see cref="ThreadTrampoline"/>; Sleep and Join are safe points
/// that follow the frame protocol: while capturing they save what they need (remaining time, the
/// thread joined) and on rebuild they take it back and go on waiting.
/// </summary>
public static class ThreadShims
{
    private static readonly ConditionalWeakTable<Thread, AppThread> s_byThread = new();

    public static Thread Create(ThreadStart start) => Create(start, null, 0);

    public static Thread Create(ThreadStart start, int maxStackSize) => Create(start, null, maxStackSize);

    public static Thread Create(ParameterizedThreadStart start) => Create(start, null, 0);

    public static Thread Create(ParameterizedThreadStart start, int maxStackSize) => Create(start, null, maxStackSize);

    private static Thread Create(Delegate start, object? argument, int maxStackSize)
    {
        ArgumentNullException.ThrowIfNull(start);
        var record = AppThreads.Create(start, argument, name: null, isBackground: false);
        return Materialize(record, maxStackSize);
    }

    /// <summary>Make the OS Thread object for a record (new threads, and restored ones).</summary>
    public static Thread Materialize(AppThread record, int maxStackSize = 0)
    {
        var thread = new Thread(() => ThreadTrampoline.Run(record), maxStackSize);
        if (record.Name is not null) thread.Name = record.Name;
        thread.IsBackground = record.IsBackground;
        record.AppVisibleThread = thread;
        s_byThread.AddOrUpdate(thread, record);
        return thread;
    }

    /// <summary>Register a Thread object that stands for a record (the host's main app thread).</summary>
    public static void Associate(Thread thread, AppThread record)
    {
        record.AppVisibleThread = thread;
        s_byThread.AddOrUpdate(thread, record);
    }

    public static AppThread? Find(Thread thread) => s_byThread.TryGetValue(thread, out var r) ? r : null;

    public static void Start(Thread thread)
    {
        var record = Find(thread);
        if (record is null)
        {
            thread.Start();
            return;
        }
        AppThreads.MarkStarted(record);
        thread.Start();
    }

    public static void Start(Thread thread, object? parameter)
    {
        var record = Find(thread);
        if (record is null)
        {
            thread.Start(parameter);
            return;
        }
        record.EntryArgument = parameter;
        AppThreads.MarkStarted(record);
        thread.Start();
    }

    [Capturable]
    public static void Sleep(int millisecondsTimeout)
    {
        var self = FrameStack.Current;
        long remainingTicks;
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(nameof(Sleep));
            remainingTicks = (long)frame.Slots[0]!;
        }
        else
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(millisecondsTimeout, Timeout.Infinite);
            if (self is null)
            {
                Thread.Sleep(millisecondsTimeout);
                return;
            }
            if (millisecondsTimeout == 0)
            {
                // Sleep(0) is a yield in spin loops: a safe point without a wait.
                Thread.Sleep(0);
                if (Volatile.Read(ref CaptureGate.Active) != 0) FrameStack.SafePoint();
                if (FrameStack.IsCapturing()) FrameStack.Push(SleepFrame(0));
                return;
            }
            remainingTicks = millisecondsTimeout == Timeout.Infinite ? -1 : millisecondsTimeout * Stopwatch.Frequency / 1000;
        }

        var deadline = remainingTicks < 0 ? long.MaxValue : Stopwatch.GetTimestamp() + remainingTicks;
        var wait = new BlockingWait(self!.Sync);
        while (true)
        {
            var left = deadline == long.MaxValue ? Timeout.Infinite : TicksToMs(deadline - Stopwatch.GetTimestamp());
            if (left == 0) return;
            if (wait.Block(self, left, static () => false) == BlockOutcome.Capturing)
            {
                FrameStack.Push(SleepFrame(deadline == long.MaxValue ? -1 : Math.Max(0, deadline - Stopwatch.GetTimestamp())));
                return;
            }
        }
    }

    public static void Sleep(TimeSpan timeout) => Sleep(checked((int)timeout.TotalMilliseconds));

    private static Frame SleepFrame(long remainingTicks) => Frame.Create(nameof(Sleep), 0, 1).Set(0, remainingTicks);

    [Capturable]
    public static void Join(Thread thread) => JoinCore(thread, Timeout.Infinite);

    [Capturable]
    public static bool Join(Thread thread, int millisecondsTimeout) => JoinCore(thread, millisecondsTimeout);

    [Capturable]
    public static bool Join(Thread thread, TimeSpan timeout) => JoinCore(thread, checked((int)timeout.TotalMilliseconds));

    [Capturable]
    private static bool JoinCore(Thread thread, int millisecondsTimeout)
    {
        long deadline;
        if (Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsRestoring())
        {
            var frame = FrameStack.Pop(nameof(Join));
            thread = (Thread)frame.Slots[0]!;
            var remaining = (long)frame.Slots[1]!;
            deadline = remaining < 0 ? long.MaxValue : Stopwatch.GetTimestamp() + remaining;
        }
        else
        {
            ArgumentNullException.ThrowIfNull(thread);
            deadline = millisecondsTimeout == Timeout.Infinite
                ? long.MaxValue
                : Stopwatch.GetTimestamp() + millisecondsTimeout * Stopwatch.Frequency / 1000;
        }

        var self = FrameStack.Current;
        var target = Find(thread);
        if (self is null || target is null)
        {
            var left = deadline == long.MaxValue ? Timeout.Infinite : TicksToMs(deadline - Stopwatch.GetTimestamp());
            return thread.Join(left);
        }
        var wait = new BlockingWait(target.Sync);
        while (true)
        {
            if (target.State == AppThreadState.Finished) return true;
            var left = deadline == long.MaxValue ? Timeout.Infinite : TicksToMs(deadline - Stopwatch.GetTimestamp());
            if (left == 0) return target.State == AppThreadState.Finished;
            if (wait.Block(self, left, () => target.State == AppThreadState.Finished) == BlockOutcome.Capturing)
            {
                var remaining = deadline == long.MaxValue ? -1 : Math.Max(0, deadline - Stopwatch.GetTimestamp());
                FrameStack.Push(Frame.Create(nameof(Join), 0, 2).Set(0, thread).Set(1, remaining));
                return false;
            }
        }
    }

    internal static int TicksToMs(long ticks) => ticks <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Max(1, ticks * 1000 / Stopwatch.Frequency));
}
