namespace Ferry.Runtime.Capture;

internal enum BarrierPhase
{
    Idle,
    /// <summary>A checkpoint is requested; threads park at their next capturable safe point.</summary>
    Parking,
    /// <summary>Every thread is parked; they now save their frames and return to their trampolines.</summary>
    Unwinding,
    /// <summary>Every thread is unwound; nothing of the app runs while the image is written.</summary>
    Frozen,
    /// <summary>Threads rebuild their frames in place (checkpoint-and-continue or an aborted capture).</summary>
    Rebuilding,
}
