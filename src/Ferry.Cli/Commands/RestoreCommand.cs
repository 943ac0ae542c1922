using System.CommandLine;
using Ferry.Abstractions.Instances;
using Ferry.Cli.Nodes;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry restore IMAGE [--detach] [--name N] [--env ENV] [--node NAME]</c>: a new instance continues from an image, inside
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
        var node = NodeOption.Create();
        var command = new Command("restore", "Continue an app from an image, in a new instance.") { image, detach, name, env, node };
        command.SetAction(parse =>
        {
            if (parse.GetValue(node) is { } nodeName)
            {
                // On another node: the image (and its app, if the node lacks it) is sent there; it runs detached.
                using var remote = ClusterNodes.Connect(context, nodeName, $"restore {parse.GetValue(image)}");
                Console.WriteLine(RemoteLaunch.Restore(remote, parse.GetValue(image)!, parse.GetValue(name), parse.GetValue(env)).Id);
                return 0;
            }
            var detached = parse.GetValue(detach);
            return context.Start(InstanceLaunches.ForRestore(context.Instances, parse.GetValue(image)!, parse.GetValue(name), detached, parse.GetValue(env)), detached);
        });
        return command;
    }
}
