namespace Ferry.Runtime.Capture;

/// <summary>
/// The one process-wide flag woven code reads on its fast path (with a <c>volatile.</c> prefix).
/// Zero means no capture or rebuild is under way anywhere, so woven code skips every
/// per-thread check. Thread state is consulted only while it is non-zero.
/// </summary>
public static class CaptureGate
{
    /// <summary>Non-zero while a checkpoint is requested, a capture or a rebuild runs, or test mode counts safe points.</summary>
    public static int Active;

    internal static int Holders;

    /// <summary>Raise the gate; balanced by <see cref="Release"/>. Several holders may overlap.</summary>
    internal static void Hold()
    {
        Interlocked.Increment(ref Holders);
        Volatile.Write(ref Active, 1);
    }

    internal static void Release()
    {
        if (Interlocked.Decrement(ref Holders) == 0) Volatile.Write(ref Active, 0);
    }
}
