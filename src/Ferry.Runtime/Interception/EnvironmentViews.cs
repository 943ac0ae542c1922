using Ferry.Abstractions.Environments;

namespace Ferry.Runtime.Interception;

/// <summary>
/// The environment view the interception shims consult. Ferry.Host installs the view of the
/// environment the app runs in before any app code runs; until then (and for apps run without an
/// environment, e.g. in tests) the host is seen as it is.
/// </summary>
public static class EnvironmentViews
{
    private static IEnvironmentView current = new PassThroughEnvironmentView();

    public static IEnvironmentView Current
    {
        get => Volatile.Read(ref current);
        set => Volatile.Write(ref current, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
