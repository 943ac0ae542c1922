using System.Security.Cryptography;
using System.Text;

namespace Ferry.Node.Bundles;

/// <summary>
/// What an app bundle is: every file of a directory with its length and SHA-256, in ordinal path order.
/// The bundle's id is the hash of this list, so the same content has the same id on every node and a
/// node can tell without a transfer that it already holds it.
/// </summary>
public sealed class BundleManifest
{
    private BundleManifest(IReadOnlyList<BundleFile> files)
    {
        Files = files;
        Id = ComputeId(files);
    }

    public IReadOnlyList<BundleFile> Files { get; }
    public string Id { get; }
    public long TotalBytes => Files.Sum(f => f.Length);

    public static BundleManifest Of(string directory)
    {
        var files = Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Select(full => (Full: full, Relative: Path.GetRelativePath(directory, full).Replace('\\', '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .Select(f =>
            {
                using var stream = File.OpenRead(f.Full);
                return new BundleFile(f.Relative, stream.Length, SHA256.HashData(stream));
            })
            .ToList();
        return new BundleManifest(files);
    }

    /// <summary>A manifest received from a peer: every path checked before anything is written.</summary>
    public static BundleManifest FromEntries(IEnumerable<BundleFile> files)
    {
        var list = files.ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in list)
        {
            if (!IsSafeRelativePath(f.Path)) throw new InvalidDataException($"bundle path '{f.Path}' is not a plain relative path");
            if (!seen.Add(f.Path)) throw new InvalidDataException($"bundle path '{f.Path}' appears twice");
            if (f.Length < 0) throw new InvalidDataException($"bundle file '{f.Path}' has a negative length");
            if (f.Sha256.Length != 32) throw new InvalidDataException($"bundle file '{f.Path}' has no SHA-256");
        }
        return new BundleManifest(list.OrderBy(f => f.Path, StringComparer.Ordinal).ToList());
    }

    public static bool IsSafeRelativePath(string path) =>
        path.Length > 0 && path.Length < 4096 && !path.StartsWith('/') && !path.Contains('\\') && !path.Contains('\0')
        && path.Split('/').All(part => part.Length > 0 && part != "." && part != "..");

    private static string ComputeId(IReadOnlyList<BundleFile> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{f.Path}\0{f.Length}\0"));
            sha.AppendData(f.Sha256);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..32];
    }
}
