namespace Ferry.Runtime.Capture;

/// <summary>The image does not fit the code being restored (wrong build or corrupted frames).</summary>
public sealed class ImageMismatchException : Exception
{
    public ImageMismatchException(string message) : base(message) { }
}
