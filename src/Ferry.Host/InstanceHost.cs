using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Output;
using Ferry.Abstractions.Processes;
using Ferry.Environments;
using Ferry.Environments.View;
using Ferry.Host.Capture;
using Ferry.Runtime.Imaging;
using Ferry.Host.Console;
using Ferry.Host.Control;
using Ferry.Host.Loading;
using Ferry.Host.Standby;
using Ferry.Images;
using Ferry.Runtime;
using Ferry.Runtime.Capture;
using Ferry.Runtime.Connections;
using Ferry.Runtime.Interception;
using Microsoft.Extensions.Logging;

namespace Ferry.Host;

/// <summary>
/// Runs one instance in this process: records it in instance.json, routes the app's console into the
/// instance log, serves the control socket, and runs the app (from its entry point, or from an image)
/// until it ends, is checkpointed or is killed.
/// </summary>
internal sealed class InstanceHost
{
    /// <summary>Exit code when the host itself could not start the app (podman uses 125 the same way).</summary>
    public const int HostFailureExitCode = 125;

    /// <summary>Exit code after <c>ferry kill</c>, as if killed by SIGKILL.</summary>
    public const int KilledExitCode = 128 + 9;

    /// <summary>Exit code of an app ended by an unhandled exception: the runtime aborts (SIGABRT).</summary>
    public const int UnhandledExceptionExitCode = 128 + 6;

    public static readonly TimeSpan DefaultCheckpointTimeout = TimeSpan.FromSeconds(10);

    private readonly InstancePaths _paths;
    private readonly bool _detached;
    private readonly ICaptureEngine _engine;
    private readonly ILogger _logger;
    private readonly ILoggerFactory _loggers;
    private readonly string? _environmentDir;
    private readonly FrontOptions _front;
    private readonly Lock _checkpointLock = new();

    /// <summary>A checkpoint with Hold left the app frozen; only a Release ends that (under the checkpoint lock).</summary>
    private bool _held;
    private readonly List<PosixSignalRegistration> _signals = [];
    private InstanceRecorder? _recorder;
    private OutputLogWriter? _output;
    private ControlServer? _control;
    private TestModeSettings? _testMode;

    /// <summary>A standby host until its go: rounds arrive, nothing of the app runs, no environment is open yet.</summary>
    private StandbyWait? _standby;
    private string? _appPath;

    /// <param name="environmentDir">The environment the app runs in; null: the host as it is (pass-through view).</param>
    public InstanceHost(InstancePaths paths, bool detached, ICaptureEngine engine, ILoggerFactory loggers, string? environmentDir = null, FrontOptions? front = null)
    {
        _environmentDir = environmentDir;
        _front = front ?? FrontOptions.None;
        _paths = paths;
        _detached = detached;
        _engine = engine;
        _loggers = loggers;
        _logger = loggers.CreateLogger<InstanceHost>();
    }

    private InstanceRecorder Recorder => _recorder ?? throw new InvalidOperationException("the instance has not started");

    /// <summary>Run the app at <paramref name="appPath"/> from its entry point; its exit code.</summary>
    public int Run(string appPath, IReadOnlyList<string> args) =>
        Host($"run {Path.GetFileName(appPath)}", appPath, args, restoredFrom: null, standby: false, context =>
        {
            var entry = AppLoader.LoadEntryPoint(context);
            var argv = args.ToArray();
            return () => AppProcess.Run(entry, argv);
        });

    /// <summary>
    /// Continue the app (whose assemblies are at <paramref name="appPath"/>) from an image, or from the files of a
    /// pre-copy in order; its exit code.
    /// </summary>
    public int Restore(IReadOnlyList<string> imagePaths, string appPath) =>
        Host($"restore {imagePaths[^1]}", appPath, [], restoredFrom: imagePaths[^1], standby: false, context =>
        {
            AppLoader.Load(context);
            return _engine.Restore(imagePaths, context);
        });

    /// <summary>
    /// Load the app (at <paramref name="appPath"/>) and wait, as a warm migration target, for the rounds of a
    /// pre-copy and the go that starts it (docs/capture-protocol.md, "Standby host"); the app's exit code.
    /// </summary>
    public int Standby(string appPath) =>
        Host("standby", appPath, [], restoredFrom: null, standby: true, context =>
        {
            AppLoader.Load(context);
            _engine.StandbyBegin();
            _standby = new StandbyWait();
            return _standby.WaitAndRun;
        });

    /// <param name="standby">
    /// A standby host: the environment is opened, and the instance counts as running, only at its go (the
    /// environment changes on the source until then and is imported again just before it).
    /// </param>
    private int Host(string what, string appPath, IReadOnlyList<string> args, string? restoredFrom, bool standby, Func<AppLoadContext, Func<int>> prepare)
    {
        _appPath = appPath;
        Directory.CreateDirectory(_paths.Dir);
        if (_detached) SessionDetacher.Detach(_paths.HostLog);
        _recorder = InstanceRecorder.Start(_paths, appPath, args, restoredFrom, _detached);
        _logger.LogInformation("instance {Id}: {What} (pid {Pid})", Recorder.Current.Id, what, Environment.ProcessId);
        Func<int> app;
        try
        {
            _output = new OutputLogWriter(_paths.OutputLog);
            InstallEndHooks();
            InstanceConsole.Install(_output, echo: !_detached);
            _testMode = TestModeSettings.FromEnvironment(Environment.GetEnvironmentVariable);
            // Before the app is loaded: its type initializers already see the environment.
            if (!standby) OpenEnvironment(appPath);
            FrontMode.Enabled = _front.Fronted;
            FrontMode.DetachedConnections = _front.DetachedConnections;
            FrontMode.BindAddress = _front.BindAddress ?? IPAddress.Loopback;
            _control = ControlServer.Start(_paths.ControlSocket, HandleControl, _loggers.CreateLogger<ControlServer>());
            // Every image says which app and instance it came from (ferry restore finds the code with it).
            AppProcess.ImageMetadata = ImageMetadataKeys.For(Recorder.Current);
            if (_testMode is not null) _engine.EnableTestMode(_testMode, line => _logger.LogInformation("test mode: {Line}", line));
            // A restore is whole here (threads, resources): only then does the instance count as running — a
            // move's target confirms on this.
            app = prepare(new AppLoadContext(appPath));
            if (!standby) Recorder.MarkRunning();
        }
        catch (Exception e) when (e is AppLoadException or FormatException or IOException or SocketException or UnauthorizedAccessException or ImageMismatchException or ImageFormatException or EnvironmentException)
        {
            return Fail(what, e.Message);
        }
        int exitCode;
        try
        {
            exitCode = app();
        }
        catch (Exception e) when (e is AppLoadException or ImageMismatchException or ImageFormatException)
        {
            // Restore refuses an image before any app code runs.
            return Fail(what, e.Message);
        }
        Recorder.End(InstanceState.Exited, exitCode);
        _logger.LogInformation("app exited with {ExitCode}", exitCode);
        _control?.Dispose();
        return exitCode;
    }

    /// <summary>The environment the app sees (none given: the host as it is); lives as long as the process.</summary>
    private void OpenEnvironment(string appPath)
    {
        if (_environmentDir is null) return;
        var view = EnvironmentView.Open(_environmentDir, _loggers, Path.GetDirectoryName(appPath));
        EnvironmentViews.Current = view;
        _logger.LogInformation("environment {Name} ({Dir})", view.Definition.Name, _environmentDir);
    }

    /// <summary>The host could not start the app: record why, say it on the real stderr (one line), exit 125.</summary>
    private int Fail(string what, string why)
    {
        var line = $"ferry: {what}: {why.ReplaceLineEndings(" ")}";
        _logger.LogError("{Line}", line);
        Recorder.End(InstanceState.Failed, HostFailureExitCode, why.ReplaceLineEndings(" "));
        using (var stderr = System.Console.OpenStandardError())
            stderr.Write(Encoding.UTF8.GetBytes(line + "\n"));
        _control?.Dispose();
        return HostFailureExitCode;
    }

    private ControlReply HandleControl(ControlRequest request)
    {
        var current = Recorder.Current;
        var waiting = _standby is { IsWaiting: true };
        if (waiting && request.Op is not (ControlOps.Status or ControlOps.Kill or ControlOps.StandbyRound or ControlOps.StandbyGo or ControlOps.StandbyAbort))
            return new ControlReply(ControlResponse.Failure($"this is a standby host waiting for its go; it does not take \"{request.Op}\""));
        switch (request.Op)
        {
            case ControlOps.Status:
                var state = waiting && !current.HasEnded ? ControlOps.StandbyState : InstanceStateNames.Of(current.State);
                return new ControlReply(new ControlResponse { Ok = true, Id = current.Id, State = state, Pid = current.Pid, Held = _held, HeapBytes = GC.GetTotalMemory(forceFullCollection: false) });
            case ControlOps.Kill:
                Recorder.End(InstanceState.Killed, KilledExitCode, "killed by ferry kill");
                return new ControlReply(new ControlResponse { Ok = true, Id = current.Id, State = InstanceStateNames.Of(InstanceState.Killed) }, () => Exit(KilledExitCode));
            case ControlOps.Checkpoint:
                return Checkpoint(request);
            case ControlOps.Release:
                return Release(request);
            case ControlOps.Listeners:
                return new ControlReply(new ControlResponse { Ok = true, Id = current.Id, Listeners = _engine.FrontedListeners() });
            case ControlOps.PreCopyBegin:
                return Capture(request, "pre-copy base round", final: false, path => Round(_engine.PreCopyBegin(path)));
            case ControlOps.PreCopyRound:
                return Capture(request, "pre-copy round", final: false, path => Round(_engine.PreCopyRound(path)));
            case ControlOps.PreCopyFinal:
                // As a checkpoint: held (a move) or stopped unless left running; behind the front, its offsets.
                return Capture(request, "pre-copy final round", final: true, path =>
                {
                    var leaveRunning = request.LeaveRunning && !request.Hold;
                    var final = _engine.PreCopyFinal(path, leaveRunning, Timeout(request), request.ToBackend);
                    return Round(final) with { Running = leaveRunning, FromBackend = _front.Fronted ? new Dictionary<ulong, long>(final.FromBackend) : null };
                });
            case ControlOps.PreCopyAbort:
                _engine.PreCopyAbort();
                return new ControlReply(new ControlResponse { Ok = true, Id = current.Id });
            case ControlOps.StandbyRound or ControlOps.StandbyGo or ControlOps.StandbyAbort:
                return Standby(request);
            default:
                return new ControlReply(ControlResponse.Failure($"unknown operation \"{request.Op}\""));
        }
    }

    private static TimeSpan Timeout(ControlRequest request) =>
        request.TimeoutMs is int ms ? TimeSpan.FromMilliseconds(ms) : DefaultCheckpointTimeout;

    private static ControlResponse Round(RoundResult r) => new()
    {
        Ok = true,
        ImageBytes = r.FileBytes,
        RawBytes = r.RawBytes,
        Changed = r.Changed,
        NewObjects = r.NewObjects,
        Pending = r.Pending,
        Full = r.Full,
        PauseMs = r.Elapsed.TotalMilliseconds,
    };

    private ControlReply Checkpoint(ControlRequest request) =>
        Capture(request, "checkpoint", final: true, path =>
        {
            var outcome = _engine.Checkpoint(path, request.LeaveRunning && !request.Hold, Timeout(request), request.ToBackend);
            return new ControlResponse
            {
                Ok = true,
                ImageBytes = outcome.ImageBytes,
                PauseMs = outcome.Pause.TotalMilliseconds,
                Running = request.LeaveRunning && !request.Hold,
                FromBackend = _front.Fronted ? new Dictionary<ulong, long>(outcome.FromBackend) : null,
            };
        });

    /// <summary>
    /// Writes an image (a checkpoint or a pre-copy round) to the request's path through <paramref name="write"/>;
    /// a <paramref name="final"/> one stops the instance (exit 75) unless it is asked to leave it running.
    /// </summary>
    private ControlReply Capture(ControlRequest request, string what, bool final, Func<string, ControlResponse> write)
    {
        if (request.Image is not { Length: > 0 } image || !Path.IsPathFullyQualified(image))
            return new ControlReply(ControlResponse.Failure($"{what} needs an absolute image path"));
        if (Recorder.Current.HasEnded)
            return new ControlReply(ControlResponse.Failure($"the instance has ended ({InstanceStateNames.Of(Recorder.Current.State)})"));
        if (!_checkpointLock.TryEnter())
            return new ControlReply(ControlResponse.Failure("another checkpoint of this instance is under way"));
        try
        {
            if (_held) return new ControlReply(ControlResponse.Failure("the instance is held by a checkpoint (a move in progress)"));
            // Written beside the target and renamed into place: a failed checkpoint leaves no half image.
            var partial = image + ".partial";
            ControlResponse response;
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(image)!);
                response = write(partial);
                File.Move(partial, image, overwrite: true);
            }
            catch (Exception e) when (e is CaptureFailedException or IOException or UnauthorizedAccessException)
            {
                File.Delete(partial);
                _logger.LogWarning("{What} failed: {Message}", what, e.Message);
                return new ControlReply(ControlResponse.Failure(e.Message.ReplaceLineEndings(" ")));
            }
            response = response with { Id = Recorder.Current.Id, Image = image };
            _logger.LogInformation("{What} written to {Image}: {Bytes} bytes in {Ms} ms", what, image, response.ImageBytes, response.PauseMs);
            if (!final || (request.LeaveRunning && !request.Hold)) return new ControlReply(response);
            if (request.Hold)
            {
                _held = true;
                return new ControlReply(response with { Running = false });
            }
            Recorder.End(InstanceState.Checkpointed, AppProcess.CheckpointedExitCode);
            return new ControlReply(response with { State = InstanceStateNames.Of(InstanceState.Checkpointed) }, () => Exit(AppProcess.CheckpointedExitCode));
        }
        finally
        {
            _checkpointLock.Exit();
        }
    }

    /// <summary>
    /// A standby host's requests: a round read into the waiting graph, the go that opens the environment and
    /// starts the app (answered once it runs), or the abort. Whatever fails ends the host (exit 125) with one
    /// line in the reply, before any app code ran: the source still has the app.
    /// </summary>
    private ControlReply Standby(ControlRequest request)
    {
        if (_standby is not { } standby) return new ControlReply(ControlResponse.Failure($"this host is not a standby host; it does not take \"{request.Op}\""));
        var image = request.Image;
        if (request.Op != ControlOps.StandbyAbort && (image is not { Length: > 0 } || !Path.IsPathFullyQualified(image)))
            return new ControlReply(ControlResponse.Failure($"{request.Op} needs an absolute image path"));
        if (!standby.Lock.TryEnter()) return new ControlReply(ControlResponse.Failure("another standby request is being served"));
        try
        {
            if (!standby.IsWaiting) return new ControlReply(ControlResponse.Failure("this standby host has had its go already"));
            var id = Recorder.Current.Id;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                switch (request.Op)
                {
                    case ControlOps.StandbyRound:
                        var round = _engine.StandbyRound(image!);
                        _logger.LogInformation("standby: round {Round} from {Image} read: {New} new objects, {Updates} updated, {Bytes} raw bytes in {Ms:0.0} ms",
                            round.Round, image, round.NewObjects, round.Updates, round.RawBytes, clock.Elapsed.TotalMilliseconds);
                        return new ControlReply(new ControlResponse
                        {
                            Ok = true, Id = id, Image = image, NewObjects = round.NewObjects, Changed = round.Updates, RawBytes = round.RawBytes,
                            ElapsedMs = clock.Elapsed.TotalMilliseconds,
                        });
                    case ControlOps.StandbyGo:
                        // Only now: the source's environment was imported again just before this request.
                        OpenEnvironment(_appPath!);
                        var app = _engine.StandbyGo(image!);
                        Recorder.MarkRunning();
                        standby.Started(app);
                        _logger.LogInformation("standby: go from {Image}; the app runs ({Ms:0.0} ms: read {Read:0.0}, collections {Rebuild:0.0}, threads {Start:0.0})",
                            image, clock.Elapsed.TotalMilliseconds, _engine.LastGo?.Read.TotalMilliseconds, _engine.LastGo?.Rebuild.TotalMilliseconds, _engine.LastGo?.Start.TotalMilliseconds);
                        return new ControlReply(new ControlResponse
                        {
                            Ok = true, Id = id, Image = image, Running = true, State = InstanceStateNames.Of(InstanceState.Running), ElapsedMs = clock.Elapsed.TotalMilliseconds,
                        });
                    default:
                        standby.Ended();
                        Recorder.End(InstanceState.Exited, 0, "standby aborted: nothing of the app ran here");
                        _logger.LogInformation("standby aborted");
                        return new ControlReply(new ControlResponse { Ok = true, Id = id, State = InstanceStateNames.Of(InstanceState.Exited) }, () => Exit(0));
                }
            }
            catch (Exception e)
            {
                // Whatever it was (a corrupt round, an image of another build, an environment that cannot be
                // opened), nothing of the app may run here now: the host ends, the mover resumes the source.
                standby.Ended();
                var why = $"{request.Op} {image}: {e.Message}".ReplaceLineEndings(" ");
                return new ControlReply(ControlResponse.Failure(why), () => Exit(Fail("standby", why)));
            }
        }
        finally
        {
            standby.Lock.Exit();
        }
    }

    /// <summary>End a hold: the frozen app runs on here, or ends as checkpointed (another node has it now).</summary>
    private ControlReply Release(ControlRequest request)
    {
        if (!_checkpointLock.TryEnter())
            return new ControlReply(ControlResponse.Failure("a checkpoint of this instance is under way"));
        try
        {
            if (!_held) return new ControlReply(ControlResponse.Failure("the instance is not held by a checkpoint"));
            _held = false;
            if (request.Resume)
            {
                foreach (var problem in _engine.Resume()) _logger.LogWarning("after the hold: {Problem}", problem);
                _logger.LogInformation("held checkpoint released: the app runs on");
                return new ControlReply(new ControlResponse { Ok = true, Id = Recorder.Current.Id, Running = true, State = InstanceStateNames.Of(Recorder.Current.State) });
            }
            _logger.LogInformation("held checkpoint released: the app ends here (moved)");
            Recorder.End(InstanceState.Checkpointed, AppProcess.CheckpointedExitCode);
            return new ControlReply(new ControlResponse { Ok = true, Id = Recorder.Current.Id, Running = false, State = InstanceStateNames.Of(InstanceState.Checkpointed) },
                () => Exit(AppProcess.CheckpointedExitCode));
        }
        finally
        {
            _checkpointLock.Exit();
        }
    }

    /// <summary>Whatever ends the process, the record says how.</summary>
    private void InstallEndHooks()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            // The runtime prints the report on the real stderr; the instance log gets it too.
            var report = $"Unhandled exception. {e.ExceptionObject}{Environment.NewLine}";
            _output?.Append(OutputStream.Stderr, Encoding.UTF8.GetBytes(report));
            var summary = e.ExceptionObject is Exception ex ? $"{ex.GetType().FullName}: {ex.Message}" : "unknown";
            Recorder.End(InstanceState.Exited, UnhandledExceptionExitCode, $"unhandled exception: {summary}".ReplaceLineEndings(" "));
        };
        foreach (var (signal, number) in new[] { (PosixSignal.SIGINT, 2), (PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3) })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                if (context.Cancel) return; // the app chose to handle it
                Recorder.End(InstanceState.Killed, 128 + number, $"terminated by {signal}");
                _control?.Dispose();
            }));
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            // The app (or test mode's checkpoint) called Environment.Exit: record it like a return from main.
            var code = Environment.ExitCode;
            var state = code == AppProcess.CheckpointedExitCode && _testMode?.At is not null ? InstanceState.Checkpointed : InstanceState.Exited;
            Recorder.End(state, code);
            if (_testMode is not null) _engine.FinishTestMode();
            _control?.Dispose();
        };
    }

    private void Exit(int code)
    {
        _control?.Dispose();
        Environment.Exit(code);
    }
}
