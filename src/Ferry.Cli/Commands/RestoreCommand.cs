using System.CommandLine;
using Ferry.Abstractions.Instances;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry restore IMAGE [--detach] [--name N] [--env ENV]</c>: a new instance continues from an image, inside
/// ENV (paths re-mapped through its database) or a fresh private environment. The image is
/// validated (structure, checksums, runtime, app build) before anything is created or started.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(CliContext context)
    {
        var image = new Argument<string>("IMAGE") { Description = "The image to continue from." };
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background; print only the instance id." };
        var name = new Option<string?>("--name", "-n") { Description = "A unique name for the new instance." };
        var env = new Option<string?>("--env") { Description = "The environment to continue in; default: a fresh private one." };
        var command = new Command("restore", "Continue an app from an image, in a new instance.") { image, detach, name, env };
        command.SetAction(parse =>
        {
            var detached = parse.GetValue(detach);
            return context.Start(InstanceLaunches.ForRestore(context.Instances, parse.GetValue(image)!, parse.GetValue(name), detached, parse.GetValue(env)), detached);
        });
        return command;
    }
}
