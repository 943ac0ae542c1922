namespace Ferry.Node.Bundles;

/// <summary>
/// A node's bundles under <c>HOME/bundles/&lt;id&gt;/</c>. A bundle appears whole or not at all: it is
/// written into a staging directory, verified, then renamed in.
/// </summary>
public sealed class BundleStore(string home)
{
    public string Dir { get; } = Path.Combine(Path.GetFullPath(home), "bundles");

    public string PathOf(string id) => Path.Combine(Dir, CheckId(id));

    public bool Has(string id) => Directory.Exists(PathOf(id));

    /// <summary>Begin receiving <paramref name="manifest"/>; dispose the writer without <see cref="BundleWriter.Commit"/> to drop it.</summary>
    public BundleWriter Begin(BundleManifest manifest)
    {
        Directory.CreateDirectory(Dir);
        return BundleWriter.Into(manifest, PathOf(manifest.Id));
    }

    private static string CheckId(string id) =>
        id.Length == 32 && id.All(char.IsAsciiHexDigitLower) ? id : throw new InvalidDataException($"'{id}' is not a bundle id");
}
