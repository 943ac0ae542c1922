using Ferry.Host.Loading;
using Ferry.Runtime.Imaging;

namespace Ferry.Host.Capture;

/// <summary>The capture engine of the process: Ferry.Runtime's Checkpointer, Restorer and TestMode.</summary>
internal sealed class RuntimeCaptureEngine : ICaptureEngine
{
    public CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout)
    {
        var result = Checkpointer.Checkpoint(imagePath, new CheckpointOptions(timeout, leaveRunning));
        return new CheckpointOutcome(result.ImageBytes, result.Pause);
    }

    public int Restore(IReadOnlyList<string> imagePaths, AppLoadContext app) => Restorer.Restore(imagePaths);

    public RoundResult PreCopyBegin(string imagePath) => PreCopy.Begin(imagePath);

    public RoundResult PreCopyRound(string imagePath) => PreCopy.Round(imagePath);

    public RoundResult PreCopyFinal(string imagePath, bool leaveRunning, TimeSpan timeout) =>
        PreCopy.Final(imagePath, new CheckpointOptions(timeout, leaveRunning));

    public void PreCopyAbort() => PreCopy.Abort();

    public void EnableTestMode(TestModeSettings settings, Action<string> report) =>
        TestMode.Configure(settings.At ?? 0, settings.Every ?? 0, settings.Limit, settings.ImagePath, settings.CountPath, report);

    public void FinishTestMode() => TestMode.Finish();
}
