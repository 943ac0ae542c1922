using System.CommandLine;
using Ferry.Abstractions.Instances;
using Ferry.Cli.Nodes;
using Ferry.Node.Hosting;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry run [--detach] [--name N] [--env ENV] [--node NAME] APP.dll [ARGS...]</c>: weave (cached) and run an app in a
/// new instance, inside the environment ENV, or without --env inside a fresh private one made for the instance; with
/// --node, on that node of the cluster (the app sent as a bundle if it lacks it), detached.
/// </summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var detach = new Option<bool>("--detach", "-d") { Description = "Run in the background; print only the instance id." };
        var name = new Option<string?>("--name", "-n") { Description = "A unique name for the instance." };
        var env = new Option<string?>("--env") { Description = "The environment to run in (ferry env create); default: a fresh private one." };
        var app = new Argument<string>("APP.dll") { Description = "The app's main assembly." };
        var appArgs = new Argument<string[]>("ARGS") { Arity = ArgumentArity.ZeroOrMore, Description = "The app's arguments." };
        var node = NodeOption.Create();
        var command = new Command("run", "Run a .NET app in a new instance (woven so it can be checkpointed).") { detach, name, env, node, app, appArgs };
        command.SetAction(parse =>
        {
            var appArgument = parse.GetValue(app)!;
            // An option we do not know, before the app path, lands here as if it were the path.
            if (appArgument.StartsWith('-')) throw new CliException("run", $"unknown option {appArgument}", FerryCommandLine.UsageExitCode);
            var detached = parse.GetValue(detach);
            var environment = parse.GetValue(env);
            if (parse.GetValue(node) is { } nodeName)
            {
                // On another node the instance always runs detached: its output is there (ferry logs).
                using var remote = ClusterNodes.Connect(context, nodeName, $"run {appArgument}");
                Console.WriteLine(RemoteLaunch.Run(remote, appArgument, parse.GetValue(appArgs) ?? [], parse.GetValue(name), environment).Id);
                return 0;
            }
            // Detached, with published ports, on a host whose node runs: the node's front serves them, so the
            // instance can later move with its clients (ferry migrate).
            var fronted = detached && environment is not null && context.Environments.Exists(environment)
                && context.Environments.Read(environment).PublishedPorts.Count > 0 && LocalNode.IsAnswering(new NodePaths(context.Home.Root));
            var frontBind = fronted ? InstanceLaunches.FrontBindAddress(LocalNode.Address(context.Home.Root, $"run {appArgument}")) : null;
            var launch = InstanceLaunches.ForRun(context.Instances, appArgument, parse.GetValue(appArgs) ?? [], parse.GetValue(name), detached, environment, fronted, frontBind);
            if (!fronted) return context.Start(launch, detached);
            new InstanceStarter(context.Instances).StartDetached(launch);
            Publish(context, launch.Instance, $"run {appArgument}");
            Console.WriteLine(launch.Instance.Id);
            return 0;
        });
        return command;
    }

    /// <summary>Have the local node's front serve the instance's published ports; an instance it cannot serve is ended.</summary>
    private static void Publish(CliContext context, InstanceInfo instance, string what)
    {
        try
        {
            LocalNode.Publish(context.Home.Root, instance.Id, what);
        }
        catch (CliException e)
        {
            InstanceKiller.Kill(context.Instances, context.Store.Find(instance.Id) ?? instance, what);
            throw new CliException(what, $"{e.Why}; the instance was ended");
        }
    }
}
