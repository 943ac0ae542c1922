namespace Ferry.Node.Migration;

/// <summary>A fault injected at <see cref="Point"/> (<see cref="FaultInjector"/>): handled like any I/O failure there.</summary>
public sealed class InjectedFaultException(FaultPoint point) : IOException($"injected fault at {point}")
{
    public FaultPoint Point { get; } = point;
}
