namespace Ferry.Runtime.Threading;

/// <summary>Why a <see cref="BlockingWait"/> returned.</summary>
public enum BlockOutcome
{
    /// <summary>The condition holds, the time ran out, or the thread was woken: check again.</summary>
    Woken,
    /// <summary>The thread parked at the barrier and must now unwind: save your frame and return.</summary>
    Capturing,
}
