using System.Net;
using Ferry.Abstractions.Instances;
using Ferry.Images;
using Ferry.Node.Apps;
using Ferry.Node.Cluster;
using Ferry.Weaver;

namespace Ferry.Node.Instances;

/// <summary>
/// Makes a new instance ready to start: for <c>run</c>, the app validated and woven (cached); for
/// <c>restore</c>, the image validated (structure, checksums, runtime, app build) and its app found; then the
/// instance record, its environment (the one asked for, or a fresh private one) and the host command line
/// in its sandbox. Nothing is created before the checks pass; what remains is <see cref="InstanceStarter"/>.
/// </summary>
public static class InstanceLaunches
{
    /// <summary>Validate the app, weave it (cached), create the instance; what remains is to start its host.</summary>
    /// <param name="fronted">The node's front serves the environment's published ports (the host listens on loopback behind it).</param>
    /// <param name="frontBind">Where the host's fronted listeners bind: the node's address (<see cref="FrontBindAddress"/>); loopback when null.</param>
    public static HostLaunch ForRun(LocalInstances context, string appArgument, string[] appArgs, string? name, bool detach, string? environment = null, bool fronted = false,
        IPAddress? frontBind = null)
    {
        var what = $"run {appArgument}";
        // Before anything is made for it.
        if (name is not null && InstanceName.Refusal(name) is { } refusal) throw new InstanceOperationException(what, refusal);
        var appPath = Path.GetFullPath(appArgument);
        if (AppAssemblyValidator.Problem(appPath) is { } problem) throw new InstanceOperationException(what, problem);
        if (environment is not null) CheckUsable(context, what, environment, fronted);

        string woven;
        try
        {
            woven = context.Cache.Prepare(appPath);
        }
        catch (Exception e) when (e is WeavingException or IOException or UnauthorizedAccessException)
        {
            throw new InstanceOperationException(what, $"cannot weave the app: {e.Message}");
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
            throw new InstanceOperationException(what, e.Message);
        }

        var environmentDir = environment is not null
            ? context.Environments.PathsOf(environment).Dir
            : InstanceEnvironments.CreateEphemeral(context, what, instance, Path.GetDirectoryName(appPath)!);
        List<string> hostArgs = ["run", "--instance-dir", context.Home.Instance(instance.Id).Dir, "--app", woven, "--env-dir", environmentDir];
        if (detach) hostArgs.Add("--detach");
        AddFront(hostArgs, fronted, frontBind);
        hostArgs.Add("--");
        hostArgs.AddRange(appArgs);
        return new HostLaunch(instance, what, hostArgs, InstanceSandbox.For(context, instance, environmentDir, woven));
    }

    /// <summary>
    /// The environment exists and, unless the front serves its published ports (then instances behind it share
    /// them: a clone, a restore before its source has let go), no running instance publishes the same host port.
    /// </summary>
    private static void CheckUsable(LocalInstances context, string what, string environment, bool fronted)
    {
        if (fronted) context.WithEnvironments(what, store => store.Read(environment));
        else InstanceEnvironments.CheckUsable(context, what, environment);
    }

    /// <summary>Validate the image, find its app, create the instance; what remains is to start its host.</summary>
    /// <param name="fronted">The node's front serves the environment's published ports; the image's connections wait for its new legs.</param>
    /// <param name="detachedConnections">The image's connections read end-of-stream (a clone: their clients stay with the source).</param>
    public static HostLaunch ForRestore(LocalInstances context, string imageArgument, string? name, bool detach, string? environment = null,
        bool fronted = false, bool detachedConnections = false)
    {
        var what = $"restore {imageArgument}";
        // Before anything is made for it.
        if (name is not null && InstanceName.Refusal(name) is { } refusal) throw new InstanceOperationException(what, refusal);
        var imagePath = Path.GetFullPath(imageArgument);
        var (header, woven) = LocateApp(context, what, imagePath);
        var app = header.Metadata.GetValueOrDefault(ImageMetadataKeys.App) ?? woven;
        // Without --env the app continues in the environment it ran in — its private files are there — as
        // long as this host still has it; otherwise in a fresh one.
        if (environment is null && header.Metadata.GetValueOrDefault(ImageMetadataKeys.Environment) is { } ranIn && context.Environments.Exists(ranIn))
            environment = ranIn;
        if (environment is not null) CheckUsable(context, what, environment, fronted);

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
            throw new InstanceOperationException(what, e.Message);
        }
        // A fresh environment sees the app's directory as it was run from (the woven copy's, if that is gone).
        var appDirectory = Directory.Exists(Path.GetDirectoryName(app)) ? Path.GetDirectoryName(app)! : Path.GetDirectoryName(woven)!;
        var environmentDir = environment is not null
            ? context.Environments.PathsOf(environment).Dir
            : InstanceEnvironments.CreateEphemeral(context, what, instance, appDirectory);
        return RestoreLaunch(context, instance, what, imagePath, environmentDir, detach, fronted, detachedConnections);
    }

    /// <summary>
    /// The host command line that continues <paramref name="instance"/> (its record already written, its woven app
    /// and environment in place) from <paramref name="imagePath"/>: for a restore, and for an instance another
    /// node handed over — after a pre-copy, from its <paramref name="rounds"/> (in order) and then the final round at
    /// <paramref name="imagePath"/>.
    /// </summary>
    public static HostLaunch RestoreLaunch(LocalInstances context, InstanceInfo instance, string what, string imagePath, string environmentDir, bool detach,
        bool fronted = false, bool detachedConnections = false, IReadOnlyList<string>? rounds = null, IPAddress? frontBind = null)
    {
        string[] images = [.. rounds ?? [], imagePath];
        return Restoring(context, instance, what, [.. images.SelectMany(i => new[] { "--image", i })], images, environmentDir, detach, fronted, detachedConnections, frontBind);
    }

    /// <summary>
    /// The host command line of a standby host for <paramref name="instance"/> (a warm migration target,
    /// <see cref="StandbyHost"/>): detached, no image yet; it reads the pre-copy's files from <paramref name="roundsDir"/>.
    /// </summary>
    public static HostLaunch StandbyLaunch(LocalInstances context, InstanceInfo instance, string what, string roundsDir, string environmentDir,
        bool fronted = false, bool detachedConnections = false, IPAddress? frontBind = null) =>
        Restoring(context, instance, what, ["--standby"], [roundsDir], environmentDir, detach: true, fronted, detachedConnections, frontBind);

    /// <param name="images">Where the images are read from (seen read-only in the sandbox).</param>
    private static HostLaunch Restoring(LocalInstances context, InstanceInfo instance, string what, IReadOnlyList<string> imageArgs, IReadOnlyList<string> images,
        string environmentDir, bool detach, bool fronted, bool detachedConnections, IPAddress? frontBind)
    {
        var woven = instance.WovenApp ?? throw new InstanceOperationException(what, $"instance {instance.Id} has no woven app");
        List<string> hostArgs = ["restore", "--instance-dir", context.Home.Instance(instance.Id).Dir, .. imageArgs, "--app", woven, "--env-dir", environmentDir];
        if (detach) hostArgs.Add("--detach");
        AddFront(hostArgs, fronted, frontBind);
        if (detachedConnections) hostArgs.Add("--detached-connections");
        return new HostLaunch(instance, what, hostArgs, InstanceSandbox.For(context, instance, environmentDir, woven, images));
    }

    /// <summary>
    /// Where a host behind the front of a node listening on <paramref name="nodeAddress"/> binds its listeners: that
    /// address, so the front of any node of the cluster can reach them; null (loopback) for a node on loopback or
    /// on every address (which no other host could name).
    /// </summary>
    public static IPAddress? FrontBindAddress(NodeAddress nodeAddress) =>
        IPAddress.TryParse(nodeAddress.Host, out var address) && !IPAddress.IsLoopback(address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any)
            ? address
            : null;

    private static void AddFront(List<string> hostArgs, bool fronted, IPAddress? frontBind)
    {
        if (!fronted) return;
        hostArgs.Add("--front");
        if (frontBind is not null && !IPAddress.IsLoopback(frontBind)) hostArgs.AddRange(["--front-bind", frontBind.ToString()]);
    }

    /// <summary>The woven app <paramref name="imagePath"/> continues with (found by the image's header), or a one-line error.</summary>
    public static (ImageHeader Header, string Woven) LocateApp(LocalInstances context, string what, string imagePath)
    {
        ImageHeader header;
        try
        {
            using var reader = ImageReader.Open(imagePath, new ImageReadOptions { RequireCurrentRuntime = true });
            header = reader.Header;
        }
        catch (ImageFormatException e)
        {
            throw new InstanceOperationException(what, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InstanceOperationException(what, $"cannot read the image: {e.Message}");
        }
        try
        {
            return (header, new ImageAppLocator(context.Cache, context.Home.CacheDir).Locate(header));
        }
        catch (Exception e) when (e is FileNotFoundException or WeavingException or IOException)
        {
            throw new InstanceOperationException(what, e.Message);
        }
    }
}
