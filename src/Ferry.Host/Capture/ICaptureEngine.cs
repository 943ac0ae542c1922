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
    /// <paramref name="toBackend"/>: the front's pause offsets of its connections (null when not fronted).
    /// </summary>
    CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout, IReadOnlyDictionary<ulong, long>? toBackend = null);

    /// <summary>Connections the app holds through the node's front.</summary>
    int FrontedConnections { get; }

    /// <summary>The app's listeners behind the node's front.</summary>
    IReadOnlyList<Ferry.Abstractions.Control.FrontedListener> FrontedListeners();

    /// <summary>
    /// Let an app left frozen by a checkpoint (not left running) run on, every thread rebuilt in place and its
    /// listeners bound again and its front connections back; returns a line per listener that could not be.
    /// </summary>
    IReadOnlyList<string> Resume();

    /// <summary>
    /// Continue the app from an image, or from the files of a pre-copy in the order they were written (its
    /// assemblies already loaded in <paramref name="app"/>): returns once every thread is whole and every
    /// resource back (a listener that cannot be bound again, an image that does not fit, throw here, before the
    /// instance counts as running); the returned function waits for the app's exit code.
    /// </summary>
    Func<int> Restore(IReadOnlyList<string> imagePaths, AppLoadContext app);

    /// <summary>
    /// Standby (a warm migration target): the app is loaded, nothing of it runs; rounds of a pre-copy are read as
    /// they arrive (<see cref="StandbyRound"/>) and <see cref="StandbyGo"/> finishes the restore.
    /// </summary>
    void StandbyBegin();

    /// <summary>Standby: read the next round at <paramref name="imagePath"/>. Throws ImageFormatException or ImageMismatchException (one line).</summary>
    Ferry.Images.Graph.RoundApplied StandbyRound(string imagePath);

    /// <summary>
    /// Standby: read the final round (or a full image) at <paramref name="imagePath"/> and start the app, as
    /// <see cref="Restore"/> does; the returned function waits for the app's exit code.
    /// </summary>
    Func<int> StandbyGo(string imagePath);

    /// <summary>Where the last <see cref="StandbyGo"/> spent its time.</summary>
    StagedRestore.GoTimings? LastGo { get; }

    /// <summary>Pre-copy (Ferry.Runtime's PreCopy): tracking on, base round. Throws CaptureFailedException, the app left running.</summary>
    RoundResult PreCopyBegin(string imagePath);

    /// <summary>Pre-copy: the next round.</summary>
    RoundResult PreCopyRound(string imagePath);

    /// <summary>
    /// Pre-copy: the barrier and the final round; the app left running if asked, else frozen as a checkpoint leaves
    /// it (its listeners freed; <see cref="Resume"/> lets it go on). <paramref name="toBackend"/> as for <see cref="Checkpoint"/>.
    /// </summary>
    RoundResult PreCopyFinal(string imagePath, bool leaveRunning, TimeSpan timeout, IReadOnlyDictionary<ulong, long>? toBackend = null);

    /// <summary>Pre-copy: abandoned.</summary>
    void PreCopyAbort();

    /// <summary>Count safe points and take test checkpoints for the whole run; <paramref name="report"/> gets a line per checkpoint.</summary>
    void EnableTestMode(TestModeSettings settings, Action<string> report);

    /// <summary>The app ended: write the safe-point count, if asked for.</summary>
    void FinishTestMode();
}
