using Ferry.Host.Loading;
using Ferry.Runtime.Imaging;

namespace Ferry.Host.Capture;

/// <summary>
/// The host's view of Ferry.Runtime's capture side: checkpoint the running app, restore one from an
/// image, the capture suite's test mode. A seam so the host's handling can be tested alone.
/// </summary>
internal interface ICaptureEngine
{
    /// <summary>
    /// Write an image of the running app to <paramref name="imagePath"/> (its header carries
    /// AppProcess.ImageMetadata); throws CaptureFailedException (one line) with the app left running as it was.
    /// </summary>
    CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout);

    /// <summary>
    /// Continue the app from an image, or from the files of a pre-copy in the order they were written (its
    /// assemblies already loaded in <paramref name="app"/>); returns its exit code.
    /// </summary>
    int Restore(IReadOnlyList<string> imagePaths, AppLoadContext app);

    /// <summary>Pre-copy (Ferry.Runtime's PreCopy): tracking on, base round. Throws CaptureFailedException, the app left running.</summary>
    RoundResult PreCopyBegin(string imagePath);

    /// <summary>Pre-copy: the next round.</summary>
    RoundResult PreCopyRound(string imagePath);

    /// <summary>Pre-copy: the barrier and the final round; the app left running if asked, else frozen.</summary>
    RoundResult PreCopyFinal(string imagePath, bool leaveRunning, TimeSpan timeout);

    /// <summary>Pre-copy: abandoned.</summary>
    void PreCopyAbort();

    /// <summary>Count safe points and take test checkpoints for the whole run; <paramref name="report"/> gets a line per checkpoint.</summary>
    void EnableTestMode(TestModeSettings settings, Action<string> report);

    /// <summary>The app ended: write the safe-point count, if asked for.</summary>
    void FinishTestMode();
}
