using Ferry.Runtime.Interception;

namespace Ferry.Runtime.Tests.Interception;

/// <summary>A temp directory with a re-rooting view installed as the current view for one test.</summary>
public sealed class ViewScope : IDisposable
{
    private readonly Ferry.Abstractions.Environments.IEnvironmentView _previous;

    public ViewScope()
    {
        Directory = Path.Combine(Path.GetTempPath(), "ferry-shims-" + Guid.NewGuid().ToString("N"));
        View = new RerootedEnvironmentView(Path.Combine(Directory, "root"));
        _previous = EnvironmentViews.Current;
        EnvironmentViews.Current = View;
    }

    public string Directory { get; }

    public RerootedEnvironmentView View { get; private set; }

    /// <summary>Host path of an inside path under the current view.</summary>
    public string Host(string inside) => View.Root + inside;

    /// <summary>Install another re-rooted view (a restore into another environment).</summary>
    public RerootedEnvironmentView Switch(string name)
    {
        View = new RerootedEnvironmentView(Path.Combine(Directory, name));
        EnvironmentViews.Current = View;
        return View;
    }

    public void Dispose()
    {
        EnvironmentViews.Current = _previous;
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
