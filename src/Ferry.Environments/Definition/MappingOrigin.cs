namespace Ferry.Environments.Definition;

/// <summary>Who made a mapping.</summary>
public enum MappingOrigin
{
    /// <summary>Given when the environment was created (or one of the defaults every environment gets).</summary>
    Explicit,
    /// <summary>Created inside the environment the first time the app touched an unmapped path, and recorded.</summary>
    Auto,
}
