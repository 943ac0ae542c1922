namespace Ferry.Images.Graph;

/// <summary>
/// Internal signal that a type cannot be in an image; the writer turns it into an
/// <see cref="ImageWriteException"/> with the field path, the reader into an <see cref="ImageFormatException"/>.
/// </summary>
internal sealed class TypeRefusedException(Type type, string reason) : Exception(reason)
{
    public Type Type { get; } = type;
}
