namespace Ferry.Weaver.Analysis;

/// <summary>What the weaver does at a call site or back-edge.</summary>
public enum SiteKind
{
    /// <summary>A call whose callee may unwind, and whose frame can be saved here.</summary>
    Capture,
    /// <summary>A loop back-edge: a safe-point poll, saved like a capture site.</summary>
    Poll,
    /// <summary>A call whose callee may unwind but this frame cannot be saved here: decline and rebuild in place.</summary>
    Decline,
}
