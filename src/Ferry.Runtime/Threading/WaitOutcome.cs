namespace Ferry.Runtime.Threading;

/// <summary>How a blocking wait on tasks ended.</summary>
internal enum WaitOutcome
{
    Completed,
    TimedOut,
    /// <summary>The thread parked at the barrier and must unwind: the frame is saved, return at once.</summary>
    Capturing,
}
