namespace Ferry.Images;

/// <summary>Checks <see cref="ImageReader.Open(string, ImageReadOptions?)"/> makes beyond the format itself.</summary>
public sealed class ImageReadOptions
{
    /// <summary>Refuse an image made by another .NET major.minor version than this process runs.</summary>
    public bool RequireCurrentRuntime { get; init; }

    /// <summary>When set, the image must have been made from exactly these app assemblies.</summary>
    public IReadOnlyList<AppAssemblyIdentity>? ExpectedAssemblies { get; init; }

    internal static readonly ImageReadOptions Default = new();
}
