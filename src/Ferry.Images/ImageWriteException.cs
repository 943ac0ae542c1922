namespace Ferry.Images;

/// <summary>
/// The live state cannot be written into an image: it reaches a type that is not allowed
/// (a file stream, a pointer, a handle, ...). <see cref="Path"/> is the chain of fields from a root to it.
/// </summary>
public sealed class ImageWriteException : Exception
{
    public ImageWriteException(string message, string? path = null, Type? offendingType = null)
        : base(path is null ? message : $"{path}: {message}")
    {
        Path = path;
        OffendingType = offendingType;
    }

    /// <summary>Root name and fields leading to the offending value, e.g. "statics Program.s_file → FileStream".</summary>
    public string? Path { get; }

    public Type? OffendingType { get; }
}
