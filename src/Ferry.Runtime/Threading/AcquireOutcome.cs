namespace Ferry.Runtime.Threading;

/// <summary>How a blocking lock acquisition ended.</summary>
internal enum AcquireOutcome
{
    Acquired,
    TimedOut,
    /// <summary>The thread parked at the barrier and must unwind: the shim saves its frame and returns.</summary>
    Capturing,
}
