using System.Runtime.CompilerServices;

namespace Ferry.Runtime.Capture;

/// <summary>
/// The calls woven code makes. Everything here is reached only after <see cref="CaptureGate.Active"/>
/// was seen non-zero, so thread-static reads stay off the fast path.
/// </summary>
public static class FrameStack
{
    [ThreadStatic] private static AppThread? t_current;
    [ThreadStatic] private static Frame? t_handedOff;

    /// <summary>The app thread running on this OS thread, or null for threads Ferry did not start.</summary>
    public static AppThread? Current
    {
        get => t_current;
        internal set => t_current = value;
    }

    // Only reached with the gate up: kept out of line so woven code stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsCapturing() => t_current is { Mode: ThreadMode.Capturing };

    // Only reached with the gate up: kept out of line so woven code stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool IsRestoring() => t_current is { Mode: ThreadMode.Restoring };

    /// <summary>Save one frame while unwinding.</summary>
    // Only reached with the gate up: kept out of line so woven code stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Push(Frame frame) => t_current!.Frames.Add(frame);

    /// <summary>
    /// Take the next frame while rebuilding (outermost first). Taking the last one ends the
    /// rebuild for this thread: the innermost method then re-invokes the safe point it stopped at.
    /// </summary>
    public static Frame Pop()
    {
        var thread = t_current ?? throw new InvalidOperationException("Rebuild on a thread Ferry does not know.");
        var frames = thread.Frames;
        var frame = frames[^1];
        frames.RemoveAt(frames.Count - 1);
        if (frames.Count == 0) CaptureBarrier.FinishRebuild(thread);
        return frame;
    }

    /// <summary>
    /// A fast copy reached a loop poll with the gate up: it hands its frame (resume point = that poll)
    /// to its resumable copy, which it calls next, so the poll's slow path stays out of the fast loop.
    /// Works on any thread, also one Ferry did not start.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void HandOff(Frame frame) => t_handedOff = frame;

    /// <summary>
    /// The first thing a resumable copy does: take the frame its fast copy handed off, or else (a
    /// rebuild) pop the next one. Either way it must belong to <paramref name="method"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Frame Resume(string method)
    {
        if (t_handedOff is not { } frame) return Pop(method);
        t_handedOff = null;
        if (!ReferenceEquals(frame.Method, method) && frame.Method != method)
            throw new InvalidOperationException($"{method} was handed a frame of {frame.Method}");
        return frame;
    }

    /// <summary>
    /// Pop a frame and check it belongs to the method expected; a mismatch means the image
    /// and the woven code disagree, which must never run on silently.
    /// </summary>
    public static Frame Pop(string method)
    {
        var frame = Pop();
        if (!ReferenceEquals(frame.Method, method) && frame.Method != method)
            throw new ImageMismatchException($"rebuild expected a frame of {method} but the image has {frame.Method}");
        return frame;
    }

    /// <summary>
    /// A safe point: loop back-edges and blocking shims call this when the gate is up. It may park
    /// the thread at the barrier; on return the caller checks <see cref="IsCapturing"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void SafePoint() => CaptureBarrier.Arrive(t_current);

    /// <summary>
    /// Woven code calls this when a callee is unwinding at a call site that cannot be saved
    /// (inside a catch or finally body, or with a byref on the stack). The thread rebuilds what it
    /// already saved, in place, and the capture is retried later; nothing of the app ran in between.
    /// </summary>
    public static void Decline(string method)
    {
        var thread = t_current!;
        CaptureBarrier.Decline(thread, $"{method} (a call that cannot be saved: inside a handler or with a byref argument)");
    }
}
