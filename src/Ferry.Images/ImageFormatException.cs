namespace Ferry.Images;

/// <summary>
/// An image (or a part of one) cannot be used: truncated, corrupted, foreign, of an unsupported
/// format version, made by another runtime, or naming a type that is not allowed. The message is one
/// line meant for people; nothing from the image has run when this is thrown.
/// </summary>
public sealed class ImageFormatException : Exception
{
    public ImageFormatException(string message) : base(message) { }

    public ImageFormatException(string message, Exception inner) : base(message, inner) { }
}
