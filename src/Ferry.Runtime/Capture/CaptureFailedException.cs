namespace Ferry.Runtime.Capture;

/// <summary>A checkpoint could not be taken; the app was left running as it was.</summary>
public sealed class CaptureFailedException : Exception
{
    public CaptureFailedException(string message) : base(message) { }
}
