using System.CommandLine;
using Ferry.Abstractions.Instances;
using Ferry.Cli.Apps;
using Ferry.Cli.Hosting;
using Ferry.Weaver;

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
            var launch = Prepare(context, appArgument, parse.GetValue(appArgs) ?? [], parse.GetValue(name), detached, parse.GetValue(env));
            return new InstanceStarter(context).Start(launch, detached);
        });
        return command;
    }

    /// <summary>Validate the app, weave it (cached), create the instance; what remains is to start its host.</summary>
    public static HostLaunch Prepare(CliContext context, string appArgument, string[] appArgs, string? name, bool detach, string? environment = null)
    {
        var what = $"run {appArgument}";
        // Before anything is made for it.
        if (name is not null && InstanceName.Refusal(name) is { } refusal) throw new CliException(what, refusal);
        var appPath = Path.GetFullPath(appArgument);
        if (AppAssemblyValidator.Problem(appPath) is { } problem) throw new CliException(what, problem);
        if (environment is not null) InstanceEnvironments.CheckUsable(context, what, environment);

        string woven;
        try
        {
            woven = context.Cache.Prepare(appPath);
        }
        catch (Exception e) when (e is WeavingException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(what, $"cannot weave the app: {e.Message}");
        }

        InstanceInfo instance;
        try
        {
            instance = context.Store.Create(name, InstanceName.StemOf(appPath), (id, instanceName) => new InstanceInfo
            {
                Id = id,
                Name = instanceName,
                App = appPath,
                WovenApp = woven,
                Args = appArgs,
                State = InstanceState.Created,
                Detached = detach,
                CreatedAt = DateTimeOffset.UtcNow,
                EnvironmentName = environment ?? InstanceEnvironments.EphemeralName(id),
            });
        }
        catch (InstanceLookupException e)
        {
            throw new CliException(what, e.Message);
        }

        var environmentDir = environment is not null
            ? context.Environments.PathsOf(environment).Dir
            : InstanceEnvironments.CreateEphemeral(context, what, instance, Path.GetDirectoryName(appPath)!);
        List<string> hostArgs = ["run", "--instance-dir", context.Home.Instance(instance.Id).Dir, "--app", woven, "--env-dir", environmentDir];
        if (detach) hostArgs.Add("--detach");
        hostArgs.Add("--");
        hostArgs.AddRange(appArgs);
        return new HostLaunch(instance, what, hostArgs, InstanceSandbox.For(context, instance, environmentDir, woven));
    }
}
