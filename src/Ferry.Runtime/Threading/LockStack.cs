namespace Ferry.Runtime.Threading;

/// <summary>
/// The monitors and Locks an app thread holds, as the shims' fast path keeps them: a small array stack,
/// innermost last, one entry per object with its recursion count. Only the owning thread touches it.
/// <see cref="LockBook.Publish"/> copies it into <see cref="Capture.AppThread.HeldLocks"/> when the
/// thread parks for a checkpoint (the image's view); a List of records on every Enter/Exit would cost
/// several times the monitor itself.
/// </summary>
internal sealed class LockStack
{
    public Entry[] Entries = new Entry[4];
    public int Depth;

    public struct Entry
    {
        public object? Target;
        public int Count;
    }
}
