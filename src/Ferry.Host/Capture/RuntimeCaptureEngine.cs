using Ferry.Host.Loading;
using Ferry.Runtime.Imaging;

namespace Ferry.Host.Capture;

/// <summary>The capture engine of the process: Ferry.Runtime's Checkpointer, Restorer and TestMode.</summary>
internal sealed class RuntimeCaptureEngine : ICaptureEngine
{
    public CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout)
    {
        var result = Checkpointer.Checkpoint(imagePath, new CheckpointOptions(timeout, leaveRunning));
        // Frozen, the app's ports are of no use to it: free them for a restore of this image on this host.
        if (!leaveRunning) Ferry.Runtime.Resources.ListenerHandover.Release();
        return new CheckpointOutcome(result.ImageBytes, result.Pause);
    }

    public IReadOnlyList<string> Resume()
    {
        var problems = Ferry.Runtime.Resources.ListenerHandover.Reacquire();
        Ferry.Runtime.Capture.CaptureBarrier.Resume();
        return problems;
    }

    public Func<int> Restore(string imagePath, AppLoadContext app)
    {
        var main = Restorer.Load(imagePath);
        return () => Ferry.Runtime.AppProcess.WaitForExit(main);
    }

    public void EnableTestMode(TestModeSettings settings, Action<string> report) =>
        TestMode.Configure(settings.At ?? 0, settings.Every ?? 0, settings.Limit, settings.ImagePath, settings.CountPath, report);

    public void FinishTestMode() => TestMode.Finish();
}
