using Ferry.Abstractions.Instances;
using Ferry.Images;
using Ferry.Node.Api;
using Ferry.Node.Bundles;
using Grpc.Core;

namespace Ferry.Cli.Nodes;

/// <summary>
/// <c>ferry run --node</c> and <c>ferry restore --node</c>: what the node needs is sent first as bundles
/// (content-addressed: an app it holds already is not sent again), then it starts the instance, detached.
/// </summary>
internal static class RemoteLaunch
{
    public static InstanceInfo Run(RemoteNode node, string appArgument, string[] appArgs, string? name, string? environment)
    {
        var what = $"run {appArgument}";
        var app = Path.GetFullPath(appArgument);
        if (!File.Exists(app)) throw new CliException(what, $"{app} does not exist");
        var bundle = Send(node, Path.GetDirectoryName(app)!, what);
        var request = new RunRequest { AppBundle = bundle, AppFile = Path.GetFileName(app), Name = name ?? "", Environment = environment ?? "" };
        request.Args.AddRange(appArgs);
        return RemoteNode.InstanceOf(node.Call(what, c => c.RunInstance(request)).InstanceJson);
    }

    public static InstanceInfo Restore(RemoteNode node, string imageArgument, string? name, string? environment)
    {
        var what = $"restore {imageArgument}";
        var image = Path.GetFullPath(imageArgument);
        string? app;
        try
        {
            using var reader = ImageReader.Open(image, new ImageReadOptions { RequireCurrentRuntime = true });
            app = reader.Header.Metadata.GetValueOrDefault(ImageMetadataKeys.App);
        }
        catch (ImageFormatException e)
        {
            throw new CliException(what, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(what, $"cannot read the image: {e.Message}");
        }
        // The app it was made from goes along if this host has it (the node weaves it again and finds the image's
        // build); otherwise the node looks for the build itself.
        var request = new RestoreRequest { ImageFile = Path.GetFileName(image), Name = name ?? "", Environment = environment ?? "" };
        if (app is not null && File.Exists(app))
        {
            request.AppBundle = Send(node, Path.GetDirectoryName(app)!, what);
            request.AppFile = Path.GetFileName(app);
        }
        // A bundle is a directory: the image travels in one of its own.
        var carrier = Directory.CreateTempSubdirectory("ferry-restore-");
        try
        {
            File.Copy(image, Path.Combine(carrier.FullName, request.ImageFile));
            request.ImageBundle = Send(node, carrier.FullName, what);
        }
        finally
        {
            carrier.Delete(recursive: true);
        }
        return RemoteNode.InstanceOf(node.Call(what, c => c.RestoreInstance(request)).InstanceJson);
    }

    /// <summary>Send a directory to the node as a bundle (unless it holds it); its id.</summary>
    public static string Send(RemoteNode node, string directory, string what)
    {
        try
        {
            return node.Call(what, c => BundleSender.SendAsync(c, directory).GetAwaiter().GetResult()).Id;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new CliException(what, $"cannot send {directory}: {e.Message}");
        }
    }
}
