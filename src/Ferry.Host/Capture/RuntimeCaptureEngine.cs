using System.Net;
using Ferry.Abstractions.Control;
using Ferry.Host.Loading;
using Ferry.Runtime.Connections;
using Ferry.Runtime.Interception;
using Ferry.Runtime.Imaging;

namespace Ferry.Host.Capture;

/// <summary>The capture engine of the process: Ferry.Runtime's Checkpointer, Restorer and TestMode.</summary>
internal sealed class RuntimeCaptureEngine : ICaptureEngine
{
    public CheckpointOutcome Checkpoint(string imagePath, bool leaveRunning, TimeSpan timeout, IReadOnlyDictionary<ulong, long>? toBackend = null)
    {
        var result = Checkpointer.Checkpoint(imagePath, new CheckpointOptions(timeout, leaveRunning, toBackend));
        FreeListenersIfFrozen(leaveRunning);
        return new CheckpointOutcome(result.ImageBytes, result.Pause, result.FromBackend);
    }

    public int FrontedConnections => Ferry.Runtime.Connections.FrontedConnections.Count;

    public IReadOnlyList<string> Resume()
    {
        var problems = Ferry.Runtime.Resources.ListenerHandover.Reacquire();
        Checkpointer.ResumeFrozen();
        return problems;
    }

    public IReadOnlyList<FrontedListener> FrontedListeners() =>
        NetworkShims.FrontedListeners().Select(l => new FrontedListener(l.InsidePort, l.PublishedPort, new IPEndPoint(FrontMode.BindAddress, l.LoopbackPort).ToString())).ToList();

    public Func<int> Restore(IReadOnlyList<string> imagePaths, AppLoadContext app)
    {
        var main = Restorer.Load(imagePaths);
        return () => Ferry.Runtime.AppProcess.WaitForExit(main);
    }

    private StagedRestore? _standby;

    public void StandbyBegin() => _standby = new StagedRestore();

    public Ferry.Images.Graph.RoundApplied StandbyRound(string imagePath)
    {
        using var round = Restorer.OpenImage(imagePath);
        return Standby.ApplyRound(round);
    }

    public Func<int> StandbyGo(string imagePath)
    {
        using var last = Restorer.OpenImage(imagePath);
        var standby = Standby;
        var main = standby.Go(last);
        LastGo = standby.LastGo;
        _standby = null;
        return () => Ferry.Runtime.AppProcess.WaitForExit(main);
    }

    public StagedRestore.GoTimings? LastGo { get; private set; }

    private StagedRestore Standby => _standby ?? throw new InvalidOperationException("this host is not a standby host");

    public RoundResult PreCopyBegin(string imagePath) => PreCopy.Begin(imagePath);

    public RoundResult PreCopyRound(string imagePath) => PreCopy.Round(imagePath);

    public RoundResult PreCopyFinal(string imagePath, bool leaveRunning, TimeSpan timeout, IReadOnlyDictionary<ulong, long>? toBackend = null)
    {
        var result = PreCopy.Final(imagePath, new CheckpointOptions(timeout, leaveRunning, toBackend));
        FreeListenersIfFrozen(leaveRunning);
        return result;
    }

    /// <summary>Frozen, the app's ports are of no use to it: free them for a restore of this image on this host.</summary>
    private static void FreeListenersIfFrozen(bool leaveRunning)
    {
        if (!leaveRunning) Ferry.Runtime.Resources.ListenerHandover.Release();
    }

    public void PreCopyAbort() => PreCopy.Abort();

    public void EnableTestMode(TestModeSettings settings, Action<string> report) =>
        TestMode.Configure(settings.At ?? 0, settings.Every ?? 0, settings.Limit, settings.ImagePath, settings.CountPath, report,
            pauseAt: settings.PauseAt ?? 0, pausedPath: settings.PausedPath);

    public void FinishTestMode() => TestMode.Finish();
}
