using System.CommandLine;
using Ferry.Abstractions.Instances;
using Ferry.Cli.Apps;
using Ferry.Cli.Hosting;
using Ferry.Images;
using Ferry.Weaver;

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
            return new InstanceStarter(context).Start(Prepare(context, parse.GetValue(image)!, parse.GetValue(name), detached, parse.GetValue(env)), detached);
        });
        return command;
    }

    /// <summary>Validate the image, find its app, create the instance; what remains is to start its host.</summary>
    public static HostLaunch Prepare(CliContext context, string imageArgument, string? name, bool detach, string? environment = null)
    {
        var what = $"restore {imageArgument}";
        // Before anything is made for it.
        if (name is not null && InstanceName.Refusal(name) is { } refusal) throw new CliException(what, refusal);
        var imagePath = Path.GetFullPath(imageArgument);
        ImageHeader header;
        try
        {
            using var reader = ImageReader.Open(imagePath, new ImageReadOptions { RequireCurrentRuntime = true });
            header = reader.Header;
        }
        catch (ImageFormatException e)
        {
            throw new CliException(what, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(what, $"cannot read the image: {e.Message}");
        }

        string woven;
        try
        {
            woven = new ImageAppLocator(context.Cache, context.Home.CacheDir).Locate(header);
        }
        catch (Exception e) when (e is FileNotFoundException or WeavingException or IOException)
        {
            throw new CliException(what, e.Message);
        }
        var app = header.Metadata.GetValueOrDefault(ImageMetadataKeys.App) ?? woven;
        // Without --env the app continues in the environment it ran in — its private files are there — as
        // long as this host still has it; otherwise in a fresh one.
        if (environment is null && header.Metadata.GetValueOrDefault(ImageMetadataKeys.Environment) is { } ranIn && context.Environments.Exists(ranIn))
            environment = ranIn;
        if (environment is not null) InstanceEnvironments.CheckUsable(context, what, environment);

        InstanceInfo instance;
        try
        {
            instance = context.Store.Create(name, InstanceName.StemOf(app), (id, instanceName) => new InstanceInfo
            {
                Id = id,
                Name = instanceName,
                App = app,
                WovenApp = woven,
                State = InstanceState.Created,
                Detached = detach,
                CreatedAt = DateTimeOffset.UtcNow,
                RestoredFrom = imagePath,
                EnvironmentName = environment ?? InstanceEnvironments.EphemeralName(id),
            });
        }
        catch (InstanceLookupException e)
        {
            throw new CliException(what, e.Message);
        }
        // A fresh environment sees the app's directory as it was run from (the woven copy's, if that is gone).
        var appDirectory = Directory.Exists(Path.GetDirectoryName(app)) ? Path.GetDirectoryName(app)! : Path.GetDirectoryName(woven)!;
        var environmentDir = environment is not null
            ? context.Environments.PathsOf(environment).Dir
            : InstanceEnvironments.CreateEphemeral(context, what, instance, appDirectory);
        List<string> hostArgs = ["restore", "--instance-dir", context.Home.Instance(instance.Id).Dir, "--image", imagePath, "--app", woven, "--env-dir", environmentDir];
        if (detach) hostArgs.Add("--detach");
        return new HostLaunch(instance, what, hostArgs, InstanceSandbox.For(context, instance, environmentDir, woven, imagePath));
    }
}
