namespace Ferry.Abstractions.Instances;

/// <summary>The files of one instance directory.</summary>
public sealed class InstancePaths(string dir)
{
    public string Dir { get; } = Path.GetFullPath(dir);

    /// <summary>The <see cref="InstanceInfo"/> record.</summary>
    public string Metadata => Path.Combine(Dir, "instance.json");

    /// <summary>Everything the app printed, in order (format: <see cref="Output.OutputLogFormat"/>).</summary>
    public string OutputLog => Path.Combine(Dir, "output.log");

    /// <summary>The host's control channel (Unix domain socket, line-delimited JSON).</summary>
    public string ControlSocket => Path.Combine(Dir, "control.sock");

    /// <summary>The host's own diagnostics (not the app's output).</summary>
    public string HostLog => Path.Combine(Dir, "host.log");
}
