using System.Diagnostics;
using System.Runtime.InteropServices;
using Ferry.Abstractions.Instances;

namespace Ferry.Node.Instances;

/// <summary>
/// Starts the host of a freshly created instance, in the foreground (stdio shared, Ctrl-C ends it, the
/// exit code is the app's) or detached (returns once the host reports the instance running).
/// </summary>
public sealed class InstanceStarter(LocalInstances context)
{
    /// <summary>How long a detached host may take to load the app and open its control socket.</summary>
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Start <paramref name="launch"/>: in the foreground (returns the app's exit code) or detached (returns 0 once it runs).</summary>
    public int Start(HostLaunch launch, bool detach)
    {
        if (!detach) return RunForeground(launch);
        StartDetached(launch);
        return 0;
    }

    /// <summary>Run in the foreground; returns the app's exit code (the host's, if it could not start the app).</summary>
    public int RunForeground(HostLaunch launch)
    {
        using var process = Launch(launch, detached: false);
        var interrupts = 0;
        // The terminal sends Ctrl-C to the whole foreground group, the host included: we only wait for it
        // to end. A second Ctrl-C (or a SIGTERM sent to us alone) is passed on.
        using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            if (Interlocked.Increment(ref interrupts) > 1) HostLauncher.Signal(process.Id, 9);
        });
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            HostLauncher.Signal(process.Id, 15);
        });
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>Start detached; returns once the instance runs (or has already ended by itself).</summary>
    public void StartDetached(HostLaunch launch) => StartDetached(launch, record => record.State != InstanceState.Created);

    /// <summary>
    /// Start detached; returns once <paramref name="ready"/> holds for its record (a standby host: it answers
    /// "standby"), or it has ended by itself. Throws with the host's own line if it failed to start.
    /// </summary>
    public void StartDetached(HostLaunch launch, Func<InstanceInfo, bool> ready)
    {
        using var process = Launch(launch, detached: true);
        var what = launch.What;
        var paths = context.Home.Instance(launch.Instance.Id);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var record = InstanceMetadataFile.TryRead(paths.Metadata);
            if (record is { State: InstanceState.Failed })
                throw new InstanceOperationException(what, record.Error ?? "the host could not start the app", InstanceOperationException.StartFailedExitCode);
            if (record is not null && (record.HasEnded || ready(record))) return;
            if (process.HasExited)
            {
                record = InstanceMetadataFile.TryRead(paths.Metadata);
                if (record is { State: InstanceState.Failed }) throw new InstanceOperationException(what, record.Error ?? "the host could not start the app", InstanceOperationException.StartFailedExitCode);
                if (record is not null && (record.HasEnded || ready(record))) return;
                throw new InstanceOperationException(what, $"its host exited at once (exit code {process.ExitCode}); see {paths.HostLog}", InstanceOperationException.StartFailedExitCode);
            }
            if (deadline.Elapsed > ReadyTimeout)
            {
                process.Kill();
                throw new InstanceOperationException(what, $"its host did not report within {ReadyTimeout.TotalSeconds:0} s and was stopped; see {paths.HostLog}", InstanceOperationException.StartFailedExitCode);
            }
            Thread.Sleep(15);
        }
    }

    private Process Launch(HostLaunch launch, bool detached)
    {
        try
        {
            return HostLauncher.Start(launch.HostArgs, detached, launch.Sandbox, context.Warn);
        }
        catch (IOException e)
        {
            // Nothing ran: leave nothing behind.
            context.Store.Remove(launch.Instance.Id);
            InstanceEnvironments.RemoveEphemeral(context, launch.Instance);
            throw new InstanceOperationException(launch.What, e.Message, InstanceOperationException.StartFailedExitCode);
        }
    }
}
