using System.CommandLine;
using System.Text.Json;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Abstractions.Processes;
using Ferry.Cli.Hosting;
using Ferry.Cli.Output;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry checkpoint ID [-o IMAGE] [--leave-running] [--timeout SECONDS] [--json]</c>: write an image of a
/// running instance. By default the instance stops once the image is complete (as criu dump).
/// </summary>
internal static class CheckpointCommand
{
    public const double DefaultTimeoutSeconds = 10;

    /// <summary>Beyond the barrier's own timeout: time to write the image itself.</summary>
    private static readonly TimeSpan s_writeAllowance = TimeSpan.FromMinutes(5);

    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "Instance id, unique id prefix, or name." };
        var output = new Option<string?>("--output", "-o") { Description = "The image file to write (default: ./NAME.ferry)." };
        var leaveRunning = new Option<bool>("--leave-running", "-R") { Description = "Keep the instance running after the checkpoint." };
        var timeout = new Option<double>("--timeout") { DefaultValueFactory = _ => DefaultTimeoutSeconds, Description = "Seconds to wait for every thread to reach a safe point." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("checkpoint", "Write an image of a running instance (and stop it, unless --leave-running).") { id, output, leaveRunning, timeout, json };
        command.SetAction(parse =>
        {
            var query = parse.GetValue(id)!;
            var what = $"checkpoint {query}";
            var instance = context.Resolve(query, what);
            var seconds = parse.GetValue(timeout);
            if (!(seconds > 0)) throw new CliException(what, "--timeout must be a positive number of seconds");
            var image = Path.GetFullPath(parse.GetValue(output) ?? $"{instance.Name}.ferry");
            var response = Checkpoint(context, instance, what, image, parse.GetValue(leaveRunning), TimeSpan.FromSeconds(seconds));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(response, CliJsonContext.Default.ControlResponse));
            else Console.WriteLine(Summary(instance, response));
            return 0;
        });
        return command;
    }

    /// <summary>Ask the instance's host for an image; returns once it is written (and the host gone, unless left running).</summary>
    public static ControlResponse Checkpoint(CliContext context, InstanceInfo instance, string what, string image, bool leaveRunning, TimeSpan timeout)
    {
        if (instance.State != InstanceState.Running) throw new CliException(what, $"instance {instance.Id} is not running ({KillCommand.Describe(instance)})");
        if (Directory.Exists(image)) throw new CliException(what, $"{image} is a directory");
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
            throw new CliException(what, $"cannot write {image}: {e.Message.TrimEnd('.')}; the instance keeps running");
        }
        var staging = Path.Combine(context.Home.Instance(instance.Id).Dir, $"checkpoint-{Guid.NewGuid():N}.ferry.partial");
        var request = new ControlRequest
        {
            Op = ControlOps.Checkpoint,
            Image = staging,
            LeaveRunning = leaveRunning,
            TimeoutMs = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds),
        };
        var socket = context.Home.Instance(instance.Id).ControlSocket;
        ControlResponse response;
        try
        {
            response = context.IsTerminal
                ? context.Ansi.Status().Start($"checkpointing {Markup.Escape(instance.Name)}…", _ => ControlClient.Send(socket, request, timeout + s_writeAllowance))
                : ControlClient.Send(socket, request, timeout + s_writeAllowance);
        }
        catch (IOException e)
        {
            TryDelete(staging);
            throw new CliException(what, e.Message);
        }
        if (!response.Ok)
        {
            TryDelete(staging);
            // A failed checkpoint never stops the app; say so unless the runtime's message already does.
            var error = response.Error ?? "the host refused";
            throw new CliException(what, error.EndsWith("keeps running", StringComparison.Ordinal) ? error : $"{error}; the instance keeps running");
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(image)!);
            File.Move(staging, image, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stopped instance's image is all that is left of the app: it stays where it was written.
            if (leaveRunning) TryDelete(staging);
            throw new CliException(what, $"the image cannot be moved to {image}: {e.Message}" + (leaveRunning ? "; the instance keeps running" : $"; it is at {staging}"));
        }
        response = response with { Image = image };
        if (!leaveRunning && instance.Pid is int pid)
            KillCommand.WaitForExit(new ProcessIdentity(pid, instance.PidStartTime ?? 0), TimeSpan.FromSeconds(10));
        return response;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { }
    }

    public static string Summary(InstanceInfo instance, ControlResponse response)
    {
        var size = response.ImageBytes is { } bytes ? Formats.Bytes(bytes) : "? bytes";
        var pause = response.PauseMs is { } ms ? Formats.Milliseconds(ms) : "?";
        var after = response.Running == true ? "still running" : "stopped";
        return $"checkpointed {instance.Name} ({instance.Id}) to {response.Image}: {size}, app paused {pause}; instance {after}";
    }
}
