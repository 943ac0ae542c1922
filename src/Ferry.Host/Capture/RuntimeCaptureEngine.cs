using Ferry.Host.Loading;
#if FERRY_CAPTURE_API
using Ferry.Runtime;
#endif

namespace Ferry.Host.Capture;

/// <summary>The capture engine of the process: Ferry.Runtime's Checkpointer, Restorer and TestMode.</summary>
internal sealed class RuntimeCaptureEngine : ICaptureEngine
{
#if FERRY_CAPTURE_API
    public const bool IsAvailable = true;

    public CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout, IReadOnlyDictionary<string, string> metadata)
    {
        var result = Checkpointer.Checkpoint(imagePath, new CheckpointOptions { LeaveRunning = leaveRunning, Timeout = timeout, Metadata = metadata });
        return new CheckpointOutcome(result.ImageBytes, result.Pause);
    }

    public int Restore(string imagePath, AppLoadContext app) =>
        Restorer.Restore(imagePath, new RestoreOptions { LoadContext = app });

    public void EnableTestMode(TestModeSettings settings) =>
        TestMode.Configure(settings.At, settings.Every, settings.Limit, settings.ImagePath, settings.CountPath);
#else
    /// <summary>False until Ferry.Runtime exposes Checkpointer, Restorer and TestMode; until then, say so plainly.</summary>
    public const bool IsAvailable = false;

    private const string Missing = "this build of Ferry.Runtime cannot checkpoint or restore yet";

    public CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout, IReadOnlyDictionary<string, string> metadata) =>
        throw new Ferry.Runtime.Capture.CaptureFailedException(Missing);

    public int Restore(string imagePath, AppLoadContext app) => throw new AppLoadException(Missing);

    public void EnableTestMode(TestModeSettings settings) => throw new FormatException($"test mode: {Missing}");
#endif
}
