using Ferry.Host.Capture;

namespace Ferry.Cli.Tests;

/// <summary>A test that needs real checkpoints: skipped while Ferry.Host is built without Ferry.Runtime's capture API.</summary>
public sealed class CaptureFactAttribute : FactAttribute
{
    public CaptureFactAttribute()
    {
        if (!RuntimeCaptureEngine.IsAvailable)
            Skip = "needs Ferry.Runtime's Checkpointer, Restorer and TestMode (Ferry.Host built with FERRY_CAPTURE_API)";
    }
}
