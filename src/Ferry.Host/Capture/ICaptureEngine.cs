using Ferry.Host.Loading;

namespace Ferry.Host.Capture;

/// <summary>
/// The host's view of Ferry.Runtime's capture side: checkpoint the running app, restore one from an
/// image, switch on the capture suite's test mode. A seam so the control channel can be tested alone.
/// </summary>
internal interface ICaptureEngine
{
    /// <summary>
    /// Write an image of the running app to <paramref name="imagePath"/>, with <paramref name="metadata"/>
    /// in its header; throws CaptureFailedException (one line) with the app left running as it was.
    /// </summary>
    CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout, IReadOnlyDictionary<string, string> metadata);

    /// <summary>Continue the app from <paramref name="imagePath"/> (its assemblies come from <paramref name="app"/>); returns its exit code.</summary>
    int Restore(string imagePath, AppLoadContext app);

    void EnableTestMode(TestModeSettings settings);
}
