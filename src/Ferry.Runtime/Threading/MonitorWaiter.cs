namespace Ferry.Runtime.Threading;

/// <summary>
/// One thread in Monitor.Wait on an object: an entry of that object's wait queue while not pulsed, and
/// the record its Wait frame keeps. Plain data, so it goes into an image as it is; the thread also waits
/// on this object's own monitor (a Pulse wakes exactly this waiter).
/// </summary>
public sealed class MonitorWaiter
{
    /// <summary>Queue order: a Pulse wakes the waiter with the smallest ticket (first come, first woken).</summary>
    public long Ticket;

    /// <summary>The app thread waiting (0 for a thread Ferry does not know); for people reading an image.</summary>
    public int ThreadId;

    /// <summary>How many times the thread had entered the monitor; Wait re-enters as often.</summary>
    public int Recursion;

    /// <summary>The recursion count <see cref="Capture.AppThread.HeldLocks"/> had for the object, given back after the wait.</summary>
    public int HeldCount;

    /// <summary>Set by Pulse/PulseAll (under the queue's lock and this object's); a pulsed waiter is out of the queue.</summary>
    public bool Pulsed;

    public override string ToString() => $"waiter #{Ticket} (thread {ThreadId}, depth {Recursion}{(Pulsed ? ", pulsed" : "")})";
}
