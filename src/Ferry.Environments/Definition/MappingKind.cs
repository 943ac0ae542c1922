namespace Ferry.Environments.Definition;

/// <summary>What a mapping maps between inside and outside.</summary>
public enum MappingKind
{
    /// <summary>A file-system path; <see cref="Mapping.Mode"/> says how.</summary>
    Path,
    /// <summary>An environment variable: inside = its name, outside = its value.</summary>
    Variable,
    /// <summary>A published port: inside = the app's port, outside = the host port.</summary>
    Port,
    /// <summary>The machine name the app sees (inside).</summary>
    Hostname,
    /// <summary>The user name the app sees (inside).</summary>
    Username,
    /// <summary>The app's initial current directory (inside).</summary>
    Cwd,
}
