using System.CommandLine;
using Ferry.Abstractions.Instances;
using Ferry.Node.Instances;

namespace Ferry.Cli.Commands;

/// <summary>
/// <c>ferry run [--detach] [--name N] [--env ENV] APP.dll [ARGS...]</c>: weave (cached) and run an app in a new
/// instance, inside the environment ENV, or without --env inside a fresh private one made for the instance.
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
        var command = new Command("run", "Run a .NET app in a new instance (woven so it can be checkpointed).") { detach, name, env, app, appArgs };
        command.SetAction(parse =>
        {
            var appArgument = parse.GetValue(app)!;
            // An option we do not know, before the app path, lands here as if it were the path.
            if (appArgument.StartsWith('-')) throw new CliException("run", $"unknown option {appArgument}", FerryCommandLine.UsageExitCode);
            var detached = parse.GetValue(detach);
            return context.Start(InstanceLaunches.ForRun(context.Instances, appArgument, parse.GetValue(appArgs) ?? [], parse.GetValue(name), detached, parse.GetValue(env)), detached);
        });
        return command;
    }
}
