using System.CommandLine;
using System.Text.Json;
using Ferry.Abstractions.Control;
using Ferry.Abstractions.Instances;
using Ferry.Node.Instances;
using Ferry.Cli.Nodes;
using Ferry.Cli.Output;
using Spectre.Console;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry checkpoint ID [-o IMAGE] [--leave-running] [--timeout SECONDS] [--json] [--node NAME]</c>: write an image
/// of a running instance (of another node: the image comes back here). By default the instance stops once the image is complete (as criu dump).
/// </summary>
internal static class CheckpointCommand
{
    public const double DefaultTimeoutSeconds = 10;

    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("ID") { Description = "Instance id, unique id prefix, or name." };
        var output = new Option<string?>("--output", "-o") { Description = "The image file to write (default: ./NAME.ferry)." };
        var leaveRunning = new Option<bool>("--leave-running", "-R") { Description = "Keep the instance running after the checkpoint." };
        var timeout = new Option<double>("--timeout") { DefaultValueFactory = _ => DefaultTimeoutSeconds, Description = "Seconds to wait for every thread to reach a safe point." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var node = NodeOption.Create();
        var command = new Command("checkpoint", "Write an image of a running instance (and stop it, unless --leave-running).") { id, output, leaveRunning, timeout, json, node };
        command.SetAction(parse =>
        {
            var query = parse.GetValue(id)!;
            var what = $"checkpoint {query}";
            var seconds = parse.GetValue(timeout);
            if (!(seconds > 0)) throw new CliException(what, "--timeout must be a positive number of seconds");
            using var remote = parse.GetValue(node) is { } nodeName ? ClusterNodes.Connect(context, nodeName, what) : null;
            var instance = remote is null ? context.Resolve(query, what) : RemoteCheckpoint.Find(remote, query, what);
            var image = Path.GetFullPath(parse.GetValue(output) ?? $"{instance.Name}.ferry");
            Func<Func<ControlResponse>, ControlResponse> around = send =>
                context.IsTerminal ? context.Ansi.Status().Start($"checkpointing {Markup.Escape(instance.Name)}…", _ => send()) : send();
            var response = remote is null
                ? InstanceCheckpoints.Checkpoint(context.Instances, instance, what, image, parse.GetValue(leaveRunning), TimeSpan.FromSeconds(seconds), around)
                : around(() => RemoteCheckpoint.Take(remote, instance, what, image, parse.GetValue(leaveRunning), TimeSpan.FromSeconds(seconds)));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(response, CliJsonContext.Default.ControlResponse));
            else Console.WriteLine(Summary(instance, response));
            return 0;
        });
        return command;
    }

    public static string Summary(InstanceInfo instance, ControlResponse response)
    {
        var size = response.ImageBytes is { } bytes ? Formats.Bytes(bytes) : "? bytes";
        var pause = response.PauseMs is { } ms ? Formats.Milliseconds(ms) : "?";
        var after = response.Running == true ? "still running" : "stopped";
        return $"checkpointed {instance.Name} ({instance.Id}) to {response.Image}: {size}, app paused {pause}; instance {after}";
    }
}
