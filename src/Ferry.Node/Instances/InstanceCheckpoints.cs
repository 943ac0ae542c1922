using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Processes;

namespace Ferry.Node.Instances;

/// <summary>
/// Checkpoints of running instances: the host writes the image into the instance's own state directory (the
/// one place a sandboxed host may write besides its environment), and it is moved to where it was asked for
/// once complete — a failed or interrupted checkpoint leaves nothing there, and never stops the app.
/// </summary>
public static class InstanceCheckpoints
{
    /// <summary>Beyond the barrier's own timeout: time to write the image itself.</summary>
    private static readonly TimeSpan s_writeAllowance = TimeSpan.FromMinutes(5);

    /// <summary>Ask the instance's host for an image; returns once it is written (and the host gone, unless left running).</summary>
    /// <param name="toBackend">
    /// A host behind the front: the front's pause offsets (FrontRoute.PauseAsync's ToBackend per connection id);
    /// the response's FromBackend is what to drain (FrontRoute.DrainAsync).
    /// </param>
    /// <param name="op">A checkpoint, or a pre-copy's final round (<see cref="ControlOps.PreCopyFinal"/>): written, held and released the same way.</param>
    public static ControlResponse Checkpoint(LocalInstances context, InstanceInfo instance, string what, string image, bool leaveRunning, TimeSpan timeout,
        Func<Func<ControlResponse>, ControlResponse>? around = null, bool hold = false, IReadOnlyDictionary<ulong, long>? toBackend = null, string op = ControlOps.Checkpoint)
    {
        if (instance.State != InstanceState.Running) throw new InstanceOperationException(what, $"instance {instance.Id} is not running ({InstanceKiller.Describe(instance)})");
        if (Directory.Exists(image)) throw new InstanceOperationException(what, $"{image} is a directory");
        // The host writes into its own state directory (the one place a sandboxed host may write besides its
        // environment); the image is moved to where it was asked for once complete, so a failed or
        // interrupted checkpoint leaves nothing at IMAGE.
        // Found out before the app is stopped for nothing: the image could not land where it was asked for.
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(image)!);
            using (File.Create(image + ".ferry-probe", 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InstanceOperationException(what, $"cannot write {image}: {e.Message.TrimEnd('.')}; the instance keeps running");
        }
        var staging = Path.Combine(context.Home.Instance(instance.Id).Dir, $"checkpoint-{Guid.NewGuid():N}.ferry.partial");
        var request = new ControlRequest
        {
            Op = op,
            Image = staging,
            LeaveRunning = leaveRunning,
            Hold = hold,
            TimeoutMs = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds),
            ToBackend = toBackend is null ? null : new Dictionary<ulong, long>(toBackend),
        };
        var socket = context.Home.Instance(instance.Id).ControlSocket;
        ControlResponse response;
        try
        {
            Func<ControlResponse> send = () => ControlClient.Send(socket, request, timeout + s_writeAllowance);
            response = around is null ? send() : around(send);
        }
        catch (IOException e)
        {
            TryDelete(staging);
            throw new InstanceOperationException(what, e.Message);
        }
        if (!response.Ok)
        {
            TryDelete(staging);
            // A failed checkpoint never stops the app; say so unless the runtime's message already does.
            var error = response.Error ?? "the host refused";
            throw new InstanceOperationException(what, error.EndsWith("keeps running", StringComparison.Ordinal) ? error : $"{error}; the instance keeps running");
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(image)!);
            File.Move(staging, image, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stopped instance's image is all that is left of the app: it stays where it was written.
            if (leaveRunning || hold) TryDelete(staging);
            throw new InstanceOperationException(what, $"the image cannot be moved to {image}: {e.Message}" + (leaveRunning ? "; the instance keeps running" : $"; it is at {staging}"));
        }
        response = response with { Image = image };
        if (!leaveRunning && !hold && instance.Pid is int pid)
            InstanceKiller.WaitForExit(new ProcessIdentity(pid, instance.PidStartTime ?? 0), TimeSpan.FromSeconds(10));
        return response;
    }

    /// <summary>End the hold of a checkpoint taken with <c>hold</c>: the app runs on here, or ends (it moved).</summary>
    public static ControlResponse Release(LocalInstances context, InstanceInfo instance, string what, bool resume)
    {
        ControlResponse response;
        try
        {
            response = ControlClient.Send(context.Home.Instance(instance.Id).ControlSocket, new ControlRequest { Op = ControlOps.Release, Resume = resume }, s_releaseTimeout);
        }
        catch (IOException e)
        {
            throw new InstanceOperationException(what, $"cannot release the held instance {instance.Id}: {e.Message}");
        }
        if (!response.Ok) throw new InstanceOperationException(what, $"cannot release the held instance {instance.Id}: {response.Error}");
        if (!resume && instance.Pid is int pid)
            InstanceKiller.WaitForExit(new ProcessIdentity(pid, instance.PidStartTime ?? 0), TimeSpan.FromSeconds(10));
        return response;
    }

    /// <summary>Rebuilding every thread in place takes well under this; a host that does not answer is hung.</summary>
    private static readonly TimeSpan s_releaseTimeout = TimeSpan.FromSeconds(30);

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }
}
