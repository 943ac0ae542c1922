using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// A thread-pool work item or task body Ferry runs on an app thread of its own: the thread's
/// <see cref="AppThread.EntryArgument"/> (its entry is <see cref="ThreadPoolShims.RunWorkItem"/>), so it
/// goes into an image with the thread. <see cref="Execute"/> keeps no frame: the trampoline re-invokes it
/// with the same item on rebuild and it re-invokes the app's delegate, which rebuilds its own frames.
/// </summary>
public abstract class FerryWorkItem
{
    [Capturable]
    internal abstract void Execute();

    /// <summary>True when the delegate just returned because the thread is unwinding: don't complete anything.</summary>
    private protected static bool Unwinding() => Volatile.Read(ref CaptureGate.Active) != 0 && FrameStack.IsCapturing();
}
