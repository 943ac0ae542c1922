namespace Ferry.Runtime.Capture;

/// <summary>What a thread's woven frames are doing.</summary>
public enum ThreadMode
{
    /// <summary>Normal execution.</summary>
    Running,
    /// <summary>Unwinding: every capturable frame saves itself and returns.</summary>
    Capturing,
    /// <summary>Rebuilding: every capturable frame pops its saved state and re-invokes its callee.</summary>
    Restoring,
}
