namespace Ferry.Runtime.Capture;

/// <summary>
/// Marks a method that can save and rebuild its own frame: woven app methods (added by the weaver)
/// and the runtime's blocking shims. The barrier refuses to unwind through any frame without it.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Constructor, Inherited = false)]
public sealed class CapturableAttribute : Attribute
{
}
