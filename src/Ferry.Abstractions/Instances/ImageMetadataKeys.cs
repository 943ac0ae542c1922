namespace Ferry.Abstractions.Instances;

/// <summary>
/// Keys the host puts in an image header's metadata, so that <c>ferry restore IMAGE</c> finds the app
/// the image belongs to without any other file.
/// </summary>
public static class ImageMetadataKeys
{
    /// <summary>The app's main assembly as the user named it.</summary>
    public const string App = "ferry.app";

    /// <summary>The woven copy that ran (the restore loads the same code).</summary>
    public const string WovenApp = "ferry.wovenApp";

    public const string InstanceId = "ferry.instanceId";
    public const string InstanceName = "ferry.instanceName";
    /// <summary>The environment the instance ran in (a restore without --env continues in it, if it exists).</summary>
    public const string Environment = "ferry.environment";

    /// <summary>Metadata for an image of <paramref name="instance"/>.</summary>
    public static IReadOnlyDictionary<string, string> For(InstanceInfo instance)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [App] = instance.App,
            [InstanceId] = instance.Id,
            [InstanceName] = instance.Name,
        };
        if (instance.WovenApp is { } woven) metadata[WovenApp] = woven;
        if (instance.EnvironmentName is { } environment) metadata[Environment] = environment;
        return metadata;
    }
}
