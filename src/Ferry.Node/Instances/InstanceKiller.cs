using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Processes;

namespace Ferry.Node.Instances;

/// <summary>Ends running instances: through the host's control socket, SIGKILL if the host does not answer.</summary>
public static class InstanceKiller
{
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(5);

    /// <summary>End <paramref name="instance"/>; returns when its host is gone and the record says killed.</summary>
    public static void Kill(LocalInstances context, InstanceInfo instance, string what)
    {
        if (instance.HasEnded) throw new InstanceOperationException(what, $"instance {instance.Id} is not running ({Describe(instance)})");
        var paths = context.Home.Instance(instance.Id);
        var host = instance.Pid is int pid ? new ProcessIdentity(pid, instance.PidStartTime ?? 0) : (ProcessIdentity?)null;
        try
        {
            var response = ControlClient.Send(paths.ControlSocket, new ControlRequest { Op = ControlOps.Kill }, s_answerTimeout);
            if (!response.Ok) throw new IOException(response.Error);
        }
        catch (IOException)
        {
            // The host does not answer (hung, or still starting): end it the hard way.
            if (host is { } h && h.IsAlive()) HostLauncher.Signal(h.Pid, 9);
        }
        if (host is { } identity && !WaitForExit(identity, TimeSpan.FromSeconds(5)))
        {
            HostLauncher.Signal(identity.Pid, 9);
            if (!WaitForExit(identity, TimeSpan.FromSeconds(5)))
                throw new InstanceOperationException(what, $"its host (pid {identity.Pid}) does not end");
        }
        // A host killed the hard way could not write its end; write it for it.
        var record = InstanceMetadataFile.TryRead(paths.Metadata);
        if (record is { HasEnded: false })
            context.Store.Save(record with { State = InstanceState.Killed, ExitCode = 137, EndedAt = DateTimeOffset.UtcNow, Error = "killed by ferry kill (SIGKILL)" });
    }

    public static bool WaitForExit(ProcessIdentity process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (process.IsAlive())
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(10);
        }
        return true;
    }

    public static string Describe(InstanceInfo instance) => instance.State switch
    {
        InstanceState.Exited => $"exited with {instance.ExitCode}",
        InstanceState.Lost => $"lost: {instance.Error}",
        _ => InstanceStateNames.Of(instance.State),
    };
}
