using System.Diagnostics;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Threading;

namespace Ferry.Runtime.Tests.Threading;

/// <summary>
/// Starts app threads the way the host does and drives the barrier directly. Every test leaves the
/// process as it found it: no live app thread, barrier idle (checked on dispose).
/// </summary>
public abstract class AppHarness : IDisposable
{
    /// <summary>Generous: parking takes microseconds; only a broken wake-up would come near this.</summary>
    public static readonly TimeSpan FreezeBound = TimeSpan.FromSeconds(5);

    private readonly List<Thread> _threads = new();
    private readonly List<TimeSpan> _freezeTimes = new();

    protected AppHarness()
    {
        WaitUntil(() => AppThreads.LiveCount == 0, "app threads of an earlier test are still running");
    }

    public IReadOnlyList<TimeSpan> FreezeTimes => _freezeTimes;

    public Thread Start(Delegate entry, string name, object? argument = null)
    {
        var record = AppThreads.Create(entry, argument, name, isBackground: true);
        var thread = ThreadShims.Materialize(record);
        if (argument is null) ThreadShims.Start(thread);
        else ThreadShims.Start(thread, argument);
        _threads.Add(thread);
        return thread;
    }

    public Thread Start(Script script, string name) => Start(new ThreadStart(script.Run), name);

    /// <summary>Request a checkpoint and wait (bounded) until every app thread is parked and unwound.</summary>
    public IReadOnlyList<AppThread> Freeze()
    {
        var clock = Stopwatch.StartNew();
        Assert.True(CaptureBarrier.Request(), "a checkpoint was already under way");
        var threads = CaptureBarrier.AwaitFrozen(FreezeBound + TimeSpan.FromSeconds(5));
        clock.Stop();
        _freezeTimes.Add(clock.Elapsed);
        Assert.True(clock.Elapsed < FreezeBound, $"the barrier took {clock.Elapsed.TotalMilliseconds:F0} ms to freeze the app");
        return threads.Where(t => t.State == AppThreadState.Running).ToList();
    }

    /// <summary>A checkpoint-and-continue: freeze, look at the frozen threads, rebuild them in place.</summary>
    public void Checkpoint(Action<IReadOnlyList<AppThread>>? inspect = null)
    {
        var threads = Freeze();
        try
        {
            inspect?.Invoke(threads);
        }
        finally
        {
            CaptureBarrier.Resume();
        }
    }

    /// <summary>
    /// Checkpoint-and-continue over and over while the app runs, until <paramref name="done"/>; returns
    /// how many were taken while it was not done yet.
    /// </summary>
    public int CheckpointUntil(Func<bool> done, Action<IReadOnlyList<AppThread>>? inspect = null)
    {
        var random = new Random(42);
        var count = 0;
        while (!done())
        {
            Checkpoint(inspect);
            count++;
            if (random.Next(3) == 0) Thread.Sleep(random.Next(2));
            else Thread.SpinWait(random.Next(20_000));
        }
        return count;
    }

    public static AppThread ThreadNamed(IReadOnlyList<AppThread> threads, string name) =>
        threads.Single(t => t.Name == name);

    /// <summary>The shim frame a frozen thread stopped in (innermost first).</summary>
    public static Frame TopFrame(AppThread thread) => thread.SavedFrames[0];

    public static int HeldCount(AppThread thread, object target) =>
        thread.HeldLocks.Where(h => ReferenceEquals(h.Target, target)).Sum(h => h.Count);

    public static void WaitUntil(Func<bool> condition, string what, int timeoutMs = 20_000)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.ElapsedMilliseconds > timeoutMs) Assert.Fail($"timed out: {what}");
            Thread.Sleep(1);
        }
    }

    /// <summary>Wait until a thread is blocked inside a shim (its record says what it waits on).</summary>
    public static void WaitUntilBlocked(Thread thread, string what) =>
        WaitUntil(() => ThreadShims.Find(thread)?.WaitingOn is not null, what);

    public void JoinAll(int timeoutMs = 20_000)
    {
        foreach (var t in _threads)
            Assert.True(t.Join(timeoutMs), $"app thread '{t.Name}' did not finish");
    }

    public virtual void Dispose()
    {
        // A failed test must not leave a frozen app behind for the next one.
        if (CaptureBarrier.Requested)
        {
            try { CaptureBarrier.Resume(); } catch (InvalidOperationException) { }
        }
        GC.SuppressFinalize(this);
    }
}
