using System.Runtime.CompilerServices;

namespace Ferry.Runtime.Threading;

/// <summary>
/// The waiters of one object's monitor, kept by Ferry instead of the CLR so that a capture can see them
/// and a restore can put them back in the same order. Lock order: the object's monitor (when held), then
/// the queue, then a waiter. Pulsed waiters leave the queue at once, so a Pulse during a checkpoint is
/// never lost and a capture never wakes anyone.
/// </summary>
internal sealed class MonitorWaitQueue
{
    private static readonly ConditionalWeakTable<object, MonitorWaitQueue> s_queues = new();
    private static long s_lastTicket;

    private readonly List<MonitorWaiter> _waiters = new();

    public static MonitorWaitQueue For(object target) => s_queues.GetValue(target, static _ => new MonitorWaitQueue());

    public static bool TryGet(object target, out MonitorWaitQueue queue) => s_queues.TryGetValue(target, out queue!);

    /// <summary>Append a new waiter (the caller holds the object's monitor).</summary>
    public void Enqueue(MonitorWaiter waiter)
    {
        lock (this)
        {
            waiter.Ticket = Interlocked.Increment(ref s_lastTicket);
            _waiters.Add(waiter);
        }
    }

    /// <summary>
    /// Put a waiter of a restored thread back, in ticket order; no-op if it is already there or pulsed.
    /// Later tickets continue above every restored one.
    /// </summary>
    public void Reinsert(MonitorWaiter waiter)
    {
        lock (this)
        {
            if (waiter.Pulsed || _waiters.Contains(waiter)) return;
            var i = _waiters.Count;
            while (i > 0 && _waiters[i - 1].Ticket > waiter.Ticket) i--;
            _waiters.Insert(i, waiter);
            long last;
            while ((last = Volatile.Read(ref s_lastTicket)) < waiter.Ticket)
                Interlocked.CompareExchange(ref s_lastTicket, waiter.Ticket, last);
        }
    }

    /// <summary>The wait timed out: leave the queue unless a Pulse took this waiter first (then it was pulsed).</summary>
    public bool TryRemove(MonitorWaiter waiter)
    {
        lock (this)
        {
            if (waiter.Pulsed) return false;
            _waiters.Remove(waiter);
            return true;
        }
    }

    public void PulseOne()
    {
        lock (this)
        {
            if (_waiters.Count == 0) return;
            var waiter = _waiters[0];
            _waiters.RemoveAt(0);
            Signal(waiter);
        }
    }

    public void PulseAll()
    {
        lock (this)
        {
            foreach (var waiter in _waiters) Signal(waiter);
            _waiters.Clear();
        }
    }

    /// <summary>The waiters in order (for tests and image inspection).</summary>
    public MonitorWaiter[] Snapshot()
    {
        lock (this) return _waiters.ToArray();
    }

    private static void Signal(MonitorWaiter waiter)
    {
        lock (waiter)
        {
            waiter.Pulsed = true;
            Monitor.PulseAll(waiter);
        }
    }
}
