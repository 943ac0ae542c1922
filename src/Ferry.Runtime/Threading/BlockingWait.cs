using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// The one way a blocking shim waits: on a monitor of its own that a checkpoint request pulses,
/// so a thread blocked in Sleep, Join, a lock or Monitor.Wait parks at the barrier within
/// microseconds. Shims loop on <see cref="Block"/> until their condition holds.
/// </summary>
public readonly struct BlockingWait
{
    private readonly object _sync;

    public BlockingWait(object sync) => _sync = sync;

    /// <summary>
    /// Wait up to <paramref name="milliseconds"/> (Timeout.Infinite for no limit) for a pulse on the
    /// sync object, unless <paramref name="ready"/> already holds. If a checkpoint is requested the
    /// thread goes to the barrier instead; <see cref="BlockOutcome.Capturing"/> means it must unwind.
    /// </summary>
    public BlockOutcome Block(AppThread self, int milliseconds, Func<bool> ready)
    {
        if (CaptureBarrier.Requested) return AtSafePoint(self);
        lock (_sync)
        {
            if (ready()) return BlockOutcome.Woken;
            self.WaitingOn = _sync;
            try
            {
                // Checked under the lock: the request sets the flag before pulsing under this lock.
                if (!CaptureBarrier.Requested) Monitor.Wait(_sync, milliseconds);
            }
            finally
            {
                self.WaitingOn = null;
            }
        }
        return CaptureBarrier.Requested ? AtSafePoint(self) : BlockOutcome.Woken;
    }

    private static BlockOutcome AtSafePoint(AppThread self)
    {
        FrameStack.SafePoint();
        if (FrameStack.IsCapturing()) return BlockOutcome.Capturing;
        // Not parked (its stack cannot be saved here): don't spin while the request stands.
        if (CaptureBarrier.Requested) Thread.Sleep(2);
        return BlockOutcome.Woken;
    }
}
