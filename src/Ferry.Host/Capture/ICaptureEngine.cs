using Ferry.Host.Loading;

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
    /// <paramref name="toBackend"/>: the front's pause offsets of its connections (null when not fronted).
    /// </summary>
    CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout, IReadOnlyDictionary<ulong, long>? toBackend = null);

    /// <summary>Connections the app holds through the node's front.</summary>
    int FrontedConnections { get; }

    /// <summary>Let an app left frozen by a checkpoint (not left running) go on after all.</summary>
    void ResumeFrozen();

    /// <summary>Wait until the front has let go of every connection (at most <paramref name="timeout"/>); false when it has not.</summary>
    bool WaitForFrontHandover(TimeSpan timeout, Func<bool> giveUp);

    /// <summary>The app's listeners behind the node's front.</summary>
    IReadOnlyList<Ferry.Abstractions.Control.FrontedListener> FrontedListeners();

    /// <summary>Continue the app from <paramref name="imagePath"/> (its assemblies already loaded in <paramref name="app"/>); returns its exit code.</summary>
    int Restore(string imagePath, AppLoadContext app);

    /// <summary>Count safe points and take test checkpoints for the whole run; <paramref name="report"/> gets a line per checkpoint.</summary>
    void EnableTestMode(TestModeSettings settings, Action<string> report);

    /// <summary>The app ended: write the safe-point count, if asked for.</summary>
    void FinishTestMode();
}
