using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Imaging;

/// <summary>
/// Deterministic checkpoints for the capture suite (docs/capture-protocol.md, "Test mode"): the gate
/// stays up, every safe point is counted, and a checkpoint is taken at the N-th one (then the process
/// stops) or at every K-th one (and the app goes on).
/// </summary>
public static class TestMode
{
    /// <summary>Exit code of a process that stopped after a test checkpoint.</summary>
    public const int StoppedExitCode = AppProcess.CheckpointedExitCode;

    private static long s_count;
    private static long s_at;
    private static long s_every;
    private static int s_limit;
    private static int s_taken;
    private static string? s_image;
    private static string? s_countPath;
    private static Action<string>? s_report;
    private static TimeSpan s_timeout;
    private static long s_pauseAt;
    private static string? s_pausedPath;

    /// <summary>How long a thread paused at <c>FERRY_TEST_PAUSE_AT</c> waits for a checkpoint request before going on.</summary>
    public static readonly TimeSpan PauseLimit = TimeSpan.FromSeconds(60);

    public static bool IsEnabled { get; private set; }

    /// <param name="checkpointAt">Checkpoint (and stop) at this safe point, or 0.</param>
    /// <param name="checkpointEvery">Checkpoint and continue every this many safe points, or 0.</param>
    /// <param name="limit">At most this many checkpoint-and-continue checkpoints.</param>
    /// <param name="imagePath">Where checkpoints are written.</param>
    /// <param name="countPath">Where to write the number of safe points when the app ends, or null.</param>
    /// <param name="report">Receives one line per checkpoint taken or refused (the host logs it).</param>
    /// <param name="barrierTimeout">How long a test checkpoint waits for the threads (default 10 s).</param>
    /// <param name="pauseAt">
    /// Hold the thread that reaches this safe point until a checkpoint is requested from outside (a migration),
    /// or 0: a mid-run point the capture suite can move an app at, however short its run.
    /// </param>
    /// <param name="pausedPath">Written (the safe point's number) when the thread is held at <paramref name="pauseAt"/>.</param>
    public static void Configure(long checkpointAt, long checkpointEvery, int limit, string? imagePath, string? countPath, Action<string>? report = null,
        TimeSpan? barrierTimeout = null, long pauseAt = 0, string? pausedPath = null)
    {
        if ((checkpointAt > 0 || checkpointEvery > 0) && imagePath is null)
            throw new ArgumentException("test checkpoints need an image path");
        Interlocked.Exchange(ref s_count, 0);
        Interlocked.Exchange(ref s_taken, 0);
        s_at = checkpointAt;
        s_every = checkpointEvery;
        s_limit = limit;
        s_image = imagePath;
        s_countPath = countPath;
        s_report = report;
        s_timeout = barrierTimeout ?? CheckpointOptions.DefaultBarrierTimeout;
        s_pauseAt = pauseAt;
        s_pausedPath = pausedPath;
        if (!IsEnabled) CaptureGate.Hold();
        IsEnabled = true;
        CaptureBarrier.SafePointObserver = OnSafePoint;
    }

    /// <summary>The app ended: record how many safe points it passed.</summary>
    public static void Finish()
    {
        if (s_countPath is not null) File.WriteAllText(s_countPath, Interlocked.Read(ref s_count).ToString());
    }

    /// <summary>Safe points passed since <see cref="Configure"/>.</summary>
    public static long SafePoints => Interlocked.Read(ref s_count);

    private static void OnSafePoint()
    {
        var n = Interlocked.Increment(ref s_count);
        Interlocked.Exchange(ref Checkpointer.SafePointsSeen, n);
        if (n == s_pauseAt) Pause(n);
        var stop = n == s_at;
        var every = s_every > 0 && n % s_every == 0 && Volatile.Read(ref s_taken) < s_limit;
        if (!stop && !every) return;
        if (!CaptureBarrier.Request()) return;
        Interlocked.Increment(ref s_taken);
        // The coordinator must not be an app thread: this one is about to park.
        new Thread(() => Complete(stop, n)) { IsBackground = true, Name = "ferry-test-checkpoint" }.Start();
    }

    /// <summary>
    /// Wait here until a checkpoint is requested (the caller then parks at this very safe point, if it can be
    /// captured here), or <see cref="PauseLimit"/> passes; other threads run on meanwhile.
    /// </summary>
    private static void Pause(long n)
    {
        if (s_pausedPath is not null) File.WriteAllText(s_pausedPath, n.ToString());
        s_report?.Invoke($"paused at safe point {n} until a checkpoint is requested");
        var deadline = DateTime.UtcNow + PauseLimit;
        while (!CaptureBarrier.Requested && DateTime.UtcNow < deadline) Thread.Sleep(5);
        if (!CaptureBarrier.Requested) s_report?.Invoke($"no checkpoint was requested within {PauseLimit.TotalSeconds:0} s of safe point {n}; going on");
    }

    private static void Complete(bool stop, long n)
    {
        try
        {
            var result = Checkpointer.CompleteRequested(s_image!, new CheckpointOptions(s_timeout, LeaveRunning: !stop));
            s_report?.Invoke($"checkpoint at safe point {n}: {result.ImageBytes} bytes, {result.Threads} threads");
            if (stop)
            {
                Finish();
                Environment.Exit(StoppedExitCode);
            }
        }
        catch (CaptureFailedException e)
        {
            s_report?.Invoke($"checkpoint at safe point {n} refused: {e.Message}");
        }
    }
}
