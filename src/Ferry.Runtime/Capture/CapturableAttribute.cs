namespace Ferry.Runtime.Capture;

/// <summary>
/// Marks a method that can save and rebuild its own frame: woven app methods (added by the weaver)
/// and the runtime's blocking shims. The barrier refuses to unwind through any frame without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
public sealed class CapturableAttribute : Attribute
{
    /// <summary>A hand-written shim that follows the frame protocol.</summary>
    public CapturableAttribute()
    {
    }

    /// <summary>
    /// A woven method. <paramref name="sites"/> holds pairs [first, last] of IL offsets: a frame of
    /// this method can be saved only while it is stopped inside one of them (a capture site, from the
    /// reload of its spilled stack to its call). Any other position means the frame is in code that
    /// cannot be saved there — a framework method the JIT inlined into it, for instance.
    /// </summary>
    public CapturableAttribute(int[] sites) => Sites = sites;

    public int[]? Sites { get; }

    public bool IsAtSite(int ilOffset)
    {
        if (Sites is null) return true;
        for (var i = 0; i + 1 < Sites.Length; i += 2)
            if (ilOffset >= Sites[i] && ilOffset <= Sites[i + 1])
                return true;
        return false;
    }
}
