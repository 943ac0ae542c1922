namespace Ferry.Runtime.Capture;

/// <summary>Marks the bottom frame of an app thread: stack inspection stops there.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
internal sealed class ThreadTrampolineAttribute : Attribute
{
}
