using System.Runtime.ExceptionServices;
using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// The slow path of taking a monitor (or a <see cref="Lock"/>) that another thread holds: a safe point.
/// The thread blocks inside the real Monitor/Lock wait, so an Exit hands the lock over exactly as the CLR
/// does and the uncontended path costs nothing extra. A checkpoint request reaches it through
/// <see cref="Thread.Interrupt"/>: the thread publishes a waker as its <see cref="AppThread.WaitingOn"/>,
/// the barrier calls it, the wait throws, and the thread goes to its safe point. A handshake makes sure
/// an interrupt that arrives after the lock was taken is consumed here and never hits a later wait of the app.
/// </summary>
internal static class ContendedAcquire
{
    /// <summary>
    /// Block until the lock is taken, the deadline passes or the thread must unwind for a checkpoint.
    /// <paramref name="lockObject"/> is the target as a <see cref="Lock"/>, or null for a monitor.
    /// </summary>
    public static AcquireOutcome Run(AppThread self, object target, Lock? lockObject, long deadline)
    {
        // After a safe point that did not park us (stack not capturable here), block anyway: the barrier
        // wakes blocked threads again while it waits, so this cannot spin.
        var blockDespiteRequest = false;
        while (true)
        {
            if (lockObject is null ? Monitor.TryEnter(target) : lockObject.TryEnter()) return AcquireOutcome.Acquired;
            if (CaptureBarrier.Requested && !blockDespiteRequest)
            {
                FrameStack.SafePoint();
                if (FrameStack.IsCapturing()) return AcquireOutcome.Capturing;
                blockDespiteRequest = true;
                continue;
            }

            var left = Deadline.LeftMs(deadline);
            if (left == 0) return AcquireOutcome.TimedOut;

            var waker = new Waker(Thread.CurrentThread);
            // A full fence between publishing the waker and reading the request: the barrier sets the
            // request before it looks at WaitingOn, so one of the two sees the other.
            Interlocked.Exchange(ref self.WaitingOn, waker);
            var taken = false;
            ThreadInterruptedException? interrupt = null;
            try
            {
                if (blockDespiteRequest || !CaptureBarrier.Requested)
                    taken = lockObject is null ? Monitor.TryEnter(target, left) : lockObject.TryEnter(left);
            }
            catch (ThreadInterruptedException e)
            {
                interrupt = e;
            }
            finally
            {
                Volatile.Write(ref self.WaitingOn, null);
            }
            // Thread.Interrupt from the app itself (not from the barrier) ends the wait as Monitor.Enter would.
            if (!waker.Finish() && interrupt is not null) ExceptionDispatchInfo.Throw(interrupt);
            if (taken) return AcquireOutcome.Acquired;
            blockDespiteRequest = false;
        }
    }

    /// <summary>Interrupts a thread blocked in a real lock wait, at most once, with a handshake on leaving.</summary>
    private sealed class Waker : IWakeOnCapture
    {
        private const int Blocked = 0, Left = 1, Interrupting = 2, Interrupted = 3;
        private readonly Thread _thread;
        private int _state;

        public Waker(Thread thread) => _thread = thread;

        public void Wake()
        {
            if (Interlocked.CompareExchange(ref _state, Interrupting, Blocked) != Blocked) return;
            _thread.Interrupt();
            Volatile.Write(ref _state, Interrupted);
        }

        /// <summary>
        /// The thread has left its wait. True if the barrier interrupted it; then no interrupt is left
        /// pending (if the wait did not take it, a Sleep(0) does), so no later wait of the app throws.
        /// </summary>
        public bool Finish()
        {
            if (Interlocked.CompareExchange(ref _state, Left, Blocked) == Blocked) return false;
            // Wake is between its CAS and Interrupt(): a few instructions. Spin, don't wait (a wait would throw).
            while (Volatile.Read(ref _state) != Interrupted) Thread.SpinWait(20);
            try
            {
                Thread.Sleep(0);
            }
            catch (ThreadInterruptedException)
            {
                // The pending interrupt, consumed.
            }
            return true;
        }
    }
}
