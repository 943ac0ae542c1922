using Ferry.Runtime.Capture;

namespace Ferry.Runtime.Threading;

/// <summary>
/// OS threads that run thread-pool work items as app threads. Every work item gets an app thread
/// record of its own (so the barrier parks it like any thread and an image holds it as a thread), and
/// starts at once; the OS threads are reused between items and retire after a while idle.
/// </summary>
internal static class WorkerThreads
{
    private const int IdleMilliseconds = 20_000;
    private static readonly object s_lock = new();
    private static readonly List<Worker> s_idle = new();

    /// <summary>Run a new work item's thread (its record is already created).</summary>
    public static void Start(AppThread record)
    {
        AppThreads.MarkStarted(record);
        Dispatch(record);
    }

    /// <summary>Restore: a work item that was running in the image goes on on a worker.</summary>
    public static void StartRestored(AppThread record)
    {
        AppThreads.MarkRestoredRunning(record);
        Dispatch(record);
    }

    private static void Dispatch(AppThread record)
    {
        Worker? worker = null;
        lock (s_lock)
        {
            if (s_idle.Count > 0)
            {
                worker = s_idle[^1];
                s_idle.RemoveAt(s_idle.Count - 1);
            }
        }
        if (worker is not null)
        {
            worker.Hand(record);
            return;
        }
        var thread = new Thread(new Worker(record).Loop) { IsBackground = true, Name = ".NET TP Worker" };
        thread.Start();
    }

    private sealed class Worker
    {
        private AppThread? _next;

        public Worker(AppThread first) => _next = first;

        public void Hand(AppThread record)
        {
            lock (this)
            {
                _next = record;
                Monitor.Pulse(this);
            }
        }

        public void Loop()
        {
            var record = Take();
            while (record is not null)
            {
                ThreadTrampoline.Run(record);
                FrameStack.Current = null;
                // Nobody can name a finished work item's thread: don't keep it (and what it reached) alive.
                AppThreads.Forget(record);
                record = WaitForWork();
            }
        }

        private AppThread? Take()
        {
            lock (this)
            {
                var record = _next;
                _next = null;
                return record;
            }
        }

        private AppThread? WaitForWork()
        {
            lock (s_lock) s_idle.Add(this);
            lock (this)
            {
                if (_next is null) Monitor.Wait(this, IdleMilliseconds);
                if (_next is not null) return Take();
            }
            // Idle too long: retire, unless a dispatcher took us off the idle list meanwhile (then work is coming).
            lock (s_lock)
            {
                if (s_idle.Remove(this)) return null;
            }
            lock (this)
            {
                while (_next is null) Monitor.Wait(this);
            }
            return Take();
        }
    }
}
